import Foundation

/// Kith's calendar arithmetic on dates (`YYYY-MM-DD`) and instants (ISO 8601 with offset).
///
/// Instants are stored as UTC text (`2026-03-01T09:30:00Z`), which sorts in time order and
/// needs no conversion on the way out. Parsing is hand-written: it runs once per value
/// crossing from Lua or the CLI, and Foundation's formatters are slow and locale-sensitive.
public enum KithTime {
    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    @inlinable
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        // Wrapping arithmetic: the inputs are bounded calendar fields, and overflow checks
        // would cost more than the computation on the bridge's hottest path.
        let y = month <= 2 ? year &- 1 : year
        let era = (y >= 0 ? y : y &- 399) / 400
        let yoe = y &- era &* 400
        let mp = (month &+ 9) % 12
        let doy = (153 &* mp &+ 2) / 5 &+ day &- 1
        let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
        return era &* 146_097 &+ doe &- 719_468
    }

    /// The calendar date of a day number.
    public static func civil(fromDayNumber z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Parses `YYYY-MM-DD` into a day number, or explains what is wrong.
    public static func parseDate(_ text: String, field: String) throws -> Int {
        var copy = text
        guard let day = copy.withUTF8({ dayNumber(utf8: $0) }) else {
            throw KithError.invalid(field, "must be a date like 2026-03-01, got \(quoted(text))")
        }
        return day
    }

    /// Parses `YYYY-MM-DD` bytes into a day number; nil if they are not a valid date.
    /// Allocation-free and inlinable: the Lua bridge calls it on the bytes Lua holds.
    @inlinable
    public static func dayNumber(utf8 b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D,
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return dayNumber(year: year, month: month, day: day)
    }

    /// The day numbers of 0001-01-01 through 9999-12-31: every date Kith reads or writes.
    public static let supportedDays = dayNumber(year: 1, month: 1, day: 1)...dayNumber(year: 9999, month: 12, day: 31)

    /// Formats a day number as `YYYY-MM-DD`.
    public static func formatDate(_ dayNumber: Int) -> String {
        let c = civil(fromDayNumber: dayNumber)
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// Parses an instant (`2026-03-01T09:30:00Z`, `...+01:00`, seconds optional), a local
    /// date-time without an offset (`2026-03-01 09:30`, in `timeZone`) or a date (local
    /// midnight, in `timeZone`) into seconds since the epoch.
    public static func parseInstant(_ text: String, field: String, timeZone: TimeZone = .current) throws -> Int64 {
        var copy = text
        return try copy.withUTF8 { try parseInstant(utf8: $0, text: text, field: field, timeZone: timeZone) }
    }

    private static func parseInstant(
        utf8 b: UnsafeBufferPointer<UInt8>, text: String, field: String, timeZone: TimeZone
    ) throws -> Int64 {
        // Built only when thrown: an import parses every row's time through here.
        var bad: KithError {
            KithError.invalid(
                field,
                "must be a date (2026-03-01), a local time (2026-03-01 09:30), an instant (2026-03-01T09:30:00Z), today, yesterday or now, got \(quoted(text))"
            )
        }
        if b.count == 10 {
            let day = try parseDate(text, field: field)
            return localMidnight(day, timeZone: timeZone)
        }
        guard b.count >= 16, b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20, b[13] == 0x3A else { throw bad }
        guard let day = dayNumber(utf8: UnsafeBufferPointer(rebasing: b[0..<10])) else { throw bad }
        guard let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), hour < 24, minute < 60 else { throw bad }
        var i = 16
        var second = 0
        if i < b.count, b[i] == 0x3A {
            guard let s = digits(b, i + 1, 2), s < 61 else { throw bad }
            second = min(s, 59)
            i += 3
            if i < b.count, b[i] == 0x2E || b[i] == 0x2C {  // fractions of a second are dropped
                i += 1
                let start = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                guard i > start else { throw bad }
            }
        }
        // No offset: a wall-clock time in `timeZone`, as a person means it; across a DST
        // change the gap moves forward and a repeated hour is its first occurrence.
        guard i < b.count else {
            return localInstant(day: day, secondsOfDay: hour * 3600 + minute * 60 + second, timeZone: timeZone)
        }
        var offset = 0
        if b[i] == 0x5A || b[i] == 0x7A {
            i += 1
        } else if b[i] == 0x2B || b[i] == 0x2D {
            let sign = b[i] == 0x2D ? -1 : 1
            guard let oh = digits(b, i + 1, 2), oh < 24 else { throw bad }
            var om = 0
            if i + 3 < b.count, b[i + 3] == 0x3A {
                guard let m = digits(b, i + 4, 2), m < 60 else { throw bad }
                om = m
                i += 6
            } else if let m = digits(b, i + 3, 2) {
                om = m
                i += 5
            } else {
                i += 3
            }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            throw bad
        }
        guard i == b.count else { throw bad }
        return Int64(day) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    }

    /// A length as a person says it: "45 min", "1 h", "1 h 30 min", "1 day", "2 days 3 h".
    public static func spokenMinutes(_ minutes: Int) -> String {
        let days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(days == 1 ? "1 day" : "\(days) days") }
        if hours > 0 { parts.append("\(hours) h") }
        if rest > 0 || parts.isEmpty { parts.append("\(rest) min") }
        return parts.joined(separator: " ")
    }

    /// The day `today`, `yesterday` or `tomorrow` (any case) names, counted from `today`.
    public static func dayWord(_ text: String, today: Int) -> Int? {
        switch text.lowercased() {
        case "today": return today
        case "yesterday": return today - 1
        case "tomorrow": return today + 1
        default: return nil
        }
    }

    /// Formats seconds since the epoch as UTC ISO 8601 (`2026-03-01T09:30:00Z`).
    public static func formatInstant(_ seconds: Int64) -> String {
        let day = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(day) * 86_400)
        let c = civil(fromDayNumber: day)
        guard (0...9999).contains(c.year) else {
            return formatDate(day) + "T" + pad(rest / 3600, 2) + ":" + pad(rest % 3600 / 60, 2) + ":"
                + pad(rest % 60, 2) + "Z"
        }
        // The common case in one allocation: imports format an instant per row.
        return String(unsafeUninitializedCapacity: 20) { out in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    out[i] = UInt8(0x30 + v % 10)
                    v /= 10
                }
            }
            put(c.year, 4, at: 0); out[4] = 0x2D; put(c.month, 2, at: 5); out[7] = 0x2D; put(c.day, 2, at: 8)
            out[10] = 0x54; put(rest / 3600, 2, at: 11); out[13] = 0x3A; put(rest % 3600 / 60, 2, at: 14)
            out[16] = 0x3A; put(rest % 60, 2, at: 17); out[19] = 0x5A
            return 20
        }
    }

    /// The local calendar day of an instant.
    public static func localDay(of seconds: Int64, timeZone: TimeZone = .current) -> Int {
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let local = seconds + offset
        return Int((local >= 0 ? local : local - 86_399) / 86_400)
    }

    /// The instant of local midnight starting a day (the first instant of the day where
    /// midnight itself is skipped by a daylight-saving change).
    public static func localMidnight(_ dayNumber: Int, timeZone: TimeZone = .current) -> Int64 {
        let utcMidnight = Int64(dayNumber) * 86_400
        var guess =
            utcMidnight - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcMidnight))))
        let corrected =
            utcMidnight - Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(guess))))
        if localDay(of: corrected, timeZone: timeZone) == dayNumber { guess = corrected }
        return guess
    }

    /// The instant of a local wall-clock time in `timeZone` (a time skipped by a DST change
    /// moves forward by the gap; a repeated one takes its first occurrence).
    /// `localInstant` for many times in one zone (an import's): each day's offset is looked up
    /// once, and days near an offset change take the full path.
    public struct LocalInstants {
        let timeZone: TimeZone
        private var steadyOffset: [Int: Int64?] = [:]

        public init(timeZone: TimeZone) { self.timeZone = timeZone }

        public mutating func instant(day: Int, secondsOfDay: Int) -> Int64 {
            let offset: Int64?
            if let known = steadyOffset[day] {
                offset = known
            } else {
                let midnight = Int64(day) * 86_400
                let before = Int64(
                    timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(midnight - 86_400))))
                let after = Int64(
                    timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(midnight + 2 * 86_400))))
                offset = before == after ? before : nil
                if steadyOffset.count > 100_000 { steadyOffset.removeAll() }
                steadyOffset[day] = offset
            }
            guard let offset, (0..<86_400).contains(secondsOfDay) else {
                return KithTime.localInstant(day: day, secondsOfDay: secondsOfDay, timeZone: timeZone)
            }
            return Int64(day) * 86_400 + Int64(secondsOfDay) - offset
        }
    }

    public static func localInstant(day: Int, secondsOfDay: Int, timeZone: TimeZone) -> Int64 {
        // Fast path (imports call this per row): no offset change within a day either side.
        let local = Int64(day) * 86_400 + Int64(secondsOfDay)
        func offset(_ t: Int64) -> Int64 {
            Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        }
        let before = offset(local - 86_400)
        if before == offset(local + 86_400) { return local - before }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = civil(fromDayNumber: day)
        let date = calendar.date(
            from: DateComponents(
                year: c.year, month: c.month, day: c.day, hour: secondsOfDay / 3600,
                minute: secondsOfDay % 3600 / 60, second: secondsOfDay % 60))
        return date.map { Int64($0.timeIntervalSince1970) } ?? localMidnight(day, timeZone: timeZone)
            + Int64(secondsOfDay)
    }

    /// ISO weekday of a day number: Monday = 1 ... Sunday = 7.
    @inlinable
    public static func weekday(_ dayNumber: Int) -> Int {
        // 1970-01-01 was a Thursday (4).
        let w = (dayNumber + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }

    @inlinable
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inlinable @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

/// Quotes a user's value for an error message, cut short if long, control characters
/// (a NUL, an escape) shown as `\u{0}`: a message is one readable line.
func quoted(_ text: String) -> String {
    let shown = text.count > 60 ? String(text.prefix(57)) + "..." : text
    var out = "\""
    for scalar in shown.unicodeScalars {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            out += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
