import Foundation

/// iCalendar (RFC 5545) output: the schedule as VEVENTs with RRULE, reminders as VTODOs with
/// DUE, VALARMs where a reminder time is set, stable UIDs, and a VTIMEZONE for each zone used.
public enum ICalendar {
    /// A calendar holding `events` and `reminders`; `names` maps person ids to names.
    public static func document(events: [ScheduleEvent], reminders: [Reminder], names: [Int64: String], now: Int64)
        -> String
    {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Kith//Kith \(KithInfo.version)//EN", "CALSCALE:GREGORIAN",
        ]
        let zones = Set(events.map(\.timeZone)).filter { $0 != "UTC" && $0 != "GMT" }.sorted()
        let firstYear = events.compactMap { Int($0.starts.prefix(4)) }.min() ?? 2026
        for zone in zones { lines += timeZone(zone, fromYear: firstYear - 1, toYear: firstYear + 11) }
        let stamp = utcStamp(now)
        for event in events { lines += vevent(event, names: names, stamp: stamp) }
        for reminder in reminders { lines += vtodo(reminder, names: names, stamp: stamp) }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func vevent(_ e: ScheduleEvent, names: [Int64: String], stamp: String) -> [String] {
        let start = (try? KithTime.parseInstant(e.starts, field: "starts")) ?? 0
        var lines = ["BEGIN:VEVENT", "UID:kith-event-\(e.id)-\(compact(e.createdAt))@kith", "DTSTAMP:\(stamp)"]
        if e.timeZone == "UTC" || e.timeZone == "GMT" {
            lines.append("DTSTART:\(utcStamp(start))")
        } else {
            lines.append("DTSTART;TZID=\(e.timeZone):\(localStamp(start, e.zone))")
        }
        lines.append("DURATION:PT\(e.durationMinutes)M")
        if let rule = e.recurrence { lines.append("RRULE:\(rule.rrule(timeZone: e.zone))") }
        for skipped in skippedStarts(e) {
            lines.append(
                e.timeZone == "UTC" || e.timeZone == "GMT"
                    ? "EXDATE:\(utcStamp(skipped))" : "EXDATE;TZID=\(e.timeZone):\(localStamp(skipped, e.zone))")
        }
        lines.append("SUMMARY:\(escape(e.title))")
        if let person = e.personId, let name = names[person] { lines.append("DESCRIPTION:\(escape("With \(name)"))") }
        if let minutes = e.remindMinutesBefore {
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT\(minutes)M", "DESCRIPTION:\(escape(e.title))",
                "END:VALARM",
            ]
        }
        lines.append("END:VEVENT")
        return lines
    }

    /// The starts of an event's skipped occurrences (EXDATE values).
    static func skippedStarts(_ e: ScheduleEvent) -> [Int64] {
        var unskipped = e
        unskipped.skipped = []
        return e.skipped.compactMap { day in
            guard let d = try? KithTime.parseDate(day, field: "skipped") else { return nil }
            let first = KithStore.expand(
                unskipped, from: KithTime.localMidnight(d, timeZone: e.zone),
                through: KithTime.localMidnight(d + 1, timeZone: e.zone) - 1
            ).first
            return first.flatMap { try? KithTime.parseInstant($0.starts, field: "starts") }
        }
    }

    static func vtodo(_ r: Reminder, names: [Int64: String], stamp: String) -> [String] {
        var lines = [
            "BEGIN:VTODO", "UID:kith-reminder-\(uidPart(r.source))-\(uidPart(r.key))@kith", "DTSTAMP:\(stamp)",
            "SUMMARY:\(escape(r.title))",
        ]
        if r.due.utf8.count == 10 {
            lines.append("DUE;VALUE=DATE:\(r.due.replacingOccurrences(of: "-", with: ""))")
        } else if let due = try? KithTime.parseInstant(r.due, field: "due") {
            lines.append("DUE:\(utcStamp(due))")
        }
        lines.append("PRIORITY:\(r.priority == .high ? 1 : r.priority == .normal ? 5 : 9)")
        lines.append("STATUS:NEEDS-ACTION")
        lines.append("CATEGORIES:\(escape(r.source))")
        if let person = r.personId, let name = names[person] { lines.append("DESCRIPTION:\(escape("About \(name)"))") }
        if let alarm = r.alarmAt, let seconds = try? KithTime.parseInstant(alarm, field: "alarm") {
            lines += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER;VALUE=DATE-TIME:\(utcStamp(seconds))",
                "DESCRIPTION:\(escape(r.title))", "END:VALARM",
            ]
        }
        lines.append("END:VTODO")
        return lines
    }

    /// A VTIMEZONE listing the zone's transitions between two years.
    static func timeZone(_ identifier: String, fromYear: Int, toYear: Int) -> [String] {
        guard let zone = TimeZone(identifier: identifier) else { return [] }
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(identifier)"]
        var at = Date(
            timeIntervalSince1970: TimeInterval(Int64(KithTime.dayNumber(year: fromYear, month: 1, day: 1)) * 86_400))
        let end = Date(
            timeIntervalSince1970: TimeInterval(Int64(KithTime.dayNumber(year: toYear, month: 12, day: 31)) * 86_400))
        var transitions = 0
        while let next = zone.nextDaylightSavingTimeTransition(after: at), next < end {
            let before = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: next)
            let seconds = Int64(next.timeIntervalSince1970)
            let kind = zone.isDaylightSavingTime(for: next) ? "DAYLIGHT" : "STANDARD"
            lines += [
                "BEGIN:\(kind)", "DTSTART:\(localStamp(seconds, offset: before))", "TZOFFSETFROM:\(offset(before))",
                "TZOFFSETTO:\(offset(after))", "END:\(kind)",
            ]
            transitions += 1
            at = next
        }
        if transitions == 0 {
            let o = zone.secondsFromGMT(for: at)
            lines += [
                "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offset(o))", "TZOFFSETTO:\(offset(o))",
                "END:STANDARD",
            ]
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    /// `20260303T190000Z`.
    static func utcStamp(_ seconds: Int64) -> String { compact(KithTime.formatInstant(seconds)) }

    static func localStamp(_ seconds: Int64, _ zone: TimeZone) -> String {
        localStamp(seconds, offset: zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    static func localStamp(_ seconds: Int64, offset: Int) -> String {
        String(compact(KithTime.formatInstant(seconds + Int64(offset))).dropLast())
    }

    private static func compact(_ instant: String) -> String {
        instant.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let a = abs(seconds)
        return sign + String(format: "%02d%02d", a / 3600, a % 3600 / 60)
    }

    private static func uidPart(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    /// TEXT escaping (RFC 5545 3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets without splitting a UTF-8 sequence (RFC 5545 3.1).
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var parts: [String] = []
        var current = ""
        var size = 0
        for scalar in line.unicodeScalars {
            let n = String(scalar).utf8.count
            if size + n > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                size = 0
            }
            current.unicodeScalars.append(scalar)
            size += n
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
