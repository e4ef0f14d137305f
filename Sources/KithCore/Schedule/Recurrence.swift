import Foundation

/// How a schedule event repeats: the subset of RFC 5545 RRULE that Kith supports
/// (FREQ=DAILY/WEEKLY/MONTHLY with INTERVAL, BYDAY, UNTIL and COUNT), expanded in the event's
/// own time zone so that "Tuesdays at 19:00" stays 19:00 across daylight-saving changes.
public struct Recurrence: Codable, Equatable, Sendable {
    /// How often.
    public enum Frequency: String, Codable, CaseIterable, Sendable { case daily, weekly, monthly }

    /// One BYDAY entry: a weekday (1 = Monday ... 7 = Sunday) and, for monthly rules, an
    /// optional ordinal (1 = first, -1 = last in the month).
    public struct Day: Codable, Equatable, Sendable, CustomStringConvertible {
        public var weekday: Int
        public var ordinal: Int?

        static let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

        /// Parses `TU`, `1TU`, `-1FR`.
        public init(_ text: String) throws {
            let upper = text.uppercased()
            guard upper.count >= 2, let index = Self.codes.firstIndex(of: String(upper.suffix(2))) else {
                throw KithError.invalid(
                    "repeat.byday",
                    "must be weekday codes like \"TU\" or \"-1FR\" (MO TU WE TH FR SA SU), got \(quoted(text))")
            }
            weekday = index + 1
            let prefix = upper.dropLast(2)
            if prefix.isEmpty {
                ordinal = nil
            } else {
                guard let n = Int(prefix), n != 0, abs(n) <= 5 else {
                    throw KithError.invalid(
                        "repeat.byday",
                        "ordinal must be 1 to 5 or -1 to -5 (as in \"2TH\" or \"-1FR\"), got \(quoted(text))")
                }
                ordinal = n
            }
        }

        /// `TU`, `-1FR`.
        public var description: String { (ordinal.map(String.init) ?? "") + Self.codes[weekday - 1] }

        static let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        static let ordinals = [
            1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth",
            -1: "last", -2: "second to last", -3: "third to last", -4: "fourth to last", -5: "fifth to last",
        ]

        /// "Tuesday", "the first Saturday", "the last Friday".
        public var spoken: String {
            let name = Self.names[weekday - 1]
            return ordinal.flatMap { Self.ordinals[$0] }.map { "the \($0) \(name)" } ?? name
        }
    }

    public var frequency: Frequency
    /// Every `interval` days, weeks or months.
    public var interval: Int
    /// Which days (weekly: weekdays; monthly: weekdays, optionally the nth of the month).
    public var byDay: [Day]
    /// The last day occurrences may start on (inclusive, local date), if any.
    public var until: String?
    /// How many occurrences in all, the first included, if limited.
    public var count: Int?

    /// A checked rule.
    public init(frequency: Frequency, interval: Int = 1, byDay: [Day] = [], until: String? = nil, count: Int? = nil)
        throws
    {
        guard (1...366).contains(interval) else {
            throw KithError.invalid("repeat.interval", "must be from 1 to 366, got \(interval)")
        }
        if let count, !(1...10_000).contains(count) {
            throw KithError.invalid("repeat.count", "must be from 1 to 10000, got \(count)")
        }
        if until != nil && count != nil {
            throw KithError.invalid("repeat", "may have until or count, not both (RFC 5545)")
        }
        if let until { _ = try KithTime.parseDate(until, field: "repeat.until") }
        if frequency != .monthly, byDay.contains(where: { $0.ordinal != nil }) {
            throw KithError.invalid("repeat.byday", "ordinals like \"1TU\" need freq = \"monthly\"")
        }
        self.frequency = frequency
        self.interval = interval
        self.byDay = byDay
        self.until = until
        self.count = count
    }

    /// As a person says it: "every week on Tuesday", "every 2 weeks on Tuesday and Thursday",
    /// "every month on the first Saturday, until 2026-06-30", "every day, 10 times".
    public var summary: String {
        let unit = ["daily": "day", "weekly": "week", "monthly": "month"][frequency.rawValue]!
        var text = interval == 1 ? "every \(unit)" : "every \(interval) \(unit)s"
        if !byDay.isEmpty { text += " on " + Self.list(byDay.map(\.spoken)) }
        if let until { text += ", until \(until)" }
        if let count { text += count == 1 ? ", once" : ", \(count) times" }
        return text
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// The RRULE value: `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20261231T235959Z`.
    public func rrule(timeZone: TimeZone) -> String {
        var parts = ["FREQ=\(frequency.rawValue.uppercased())"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.description).joined(separator: ",")) }
        if let until, let day = try? KithTime.parseDate(until, field: "until") {
            // UNTIL in UTC: the last second of that local day.
            let last = KithTime.localMidnight(day + 1, timeZone: timeZone) - 1
            parts.append("UNTIL=" + ICalendar.utcStamp(last))
        }
        if let count { parts.append("COUNT=\(count)") }
        return parts.joined(separator: ";")
    }

    /// Local calendar days (day numbers) on which occurrences fall, from `startDay` on, in
    /// order, stopping at `limitDay` (inclusive), `until` or `count`; only days from
    /// `windowStart` on are returned. A rule without `count` starts its walk at the window
    /// (a daily event from year 1 asked about year 9999 costs the window, not 3.6 million days).
    func days(from startDay: Int, through limitDay: Int, windowStart: Int? = nil) -> [Int] {
        let windowStart = max(windowStart ?? startDay, startDay)
        let lastDay = min(limitDay, until.flatMap { try? KithTime.parseDate($0, field: "until") } ?? Int.max)
        var result: [Int] = []
        var produced = 0
        func take(_ day: Int) -> Bool {  // false once nothing more can come
            if let count, produced >= count { return false }
            if day > lastDay { return false }
            if day >= startDay {
                produced += 1
                if day <= limitDay && day >= windowStart { result.append(day) }
            }
            return true
        }
        let startWeekday = KithTime.weekday(startDay)
        switch frequency {
        case .daily:
            var day = startDay
            if count == nil, windowStart > startDay { day += (windowStart - startDay) / interval * interval }
            while true {
                if byDay.isEmpty || byDay.contains(where: { $0.weekday == KithTime.weekday(day) }) {
                    if !take(day) { return result }
                } else if day > lastDay {
                    return result
                }
                day += interval
            }
        case .weekly:
            let weekdays = byDay.isEmpty ? [startWeekday] : byDay.map(\.weekday).sorted()
            var monday = startDay - (startWeekday - 1)
            let period = 7 * interval
            if count == nil, windowStart - 7 > monday { monday += (windowStart - 7 - monday) / period * period }
            while monday <= lastDay {
                for weekday in weekdays where !take(monday + weekday - 1) { return result }
                monday += 7 * interval
            }
            return result
        case .monthly:
            let start = KithTime.civil(fromDayNumber: startDay)
            var monthIndex = start.year * 12 + (start.month - 1)
            if count == nil, windowStart > startDay {
                let window = KithTime.civil(fromDayNumber: windowStart)
                let months = window.year * 12 + (window.month - 1) - monthIndex - 1
                if months > 0 { monthIndex += months / interval * interval }
            }
            while true {
                let year = monthIndex / 12, month = monthIndex % 12 + 1
                let first = KithTime.dayNumber(year: year, month: month, day: 1)
                if first > lastDay { return result }
                for day in monthDays(year: year, month: month, startDayOfMonth: start.day) where !take(day) {
                    return result
                }
                monthIndex += interval
            }
        }
    }

    /// The days of one month a monthly rule selects, in order.
    private func monthDays(year: Int, month: Int, startDayOfMonth: Int) -> [Int] {
        let length = KithTime.daysIn(month: month, year: year)
        let first = KithTime.dayNumber(year: year, month: month, day: 1)
        guard !byDay.isEmpty else {
            // Same day of the month as the start; months without it are skipped (RFC 5545).
            return startDayOfMonth <= length ? [first + startDayOfMonth - 1] : []
        }
        var days = Set<Int>()
        for entry in byDay {
            let matching = (0..<length).map { first + $0 }.filter { KithTime.weekday($0) == entry.weekday }
            if let n = entry.ordinal {
                let index = n > 0 ? n - 1 : matching.count + n
                if matching.indices.contains(index) { days.insert(matching[index]) }
            } else {
                days.formUnion(matching)
            }
        }
        return days.sorted()
    }
}
