/// Since/until bounds as stored instant strings, for `WHERE at BETWEEN ? AND ?`.
/// A `since` date means its local midnight; an `until` date covers that whole local day.
struct TimeRange {
    var lower: String?
    var upper: String?

    init(since: String?, until: String?, clock: KithClock) throws {
        if let since {
            if since.lowercased() == "now" {
                lower = clock.nowText
            } else if let day = KithTime.dayWord(since, today: clock.today) {
                lower = KithTime.formatInstant(KithTime.localMidnight(day, timeZone: clock.timeZone))
            } else {
                lower = KithTime.formatInstant(
                    try KithTime.parseInstant(since, field: "since", timeZone: clock.timeZone))
            }
        }
        if let until {
            if let day = try KithTime.dayWord(until, today: clock.today)
                ?? (until.utf8.count == 10 ? KithTime.parseDate(until, field: "until") : nil)
            {
                upper = KithTime.formatInstant(KithTime.localMidnight(day + 1, timeZone: clock.timeZone) - 1)
            } else if until.lowercased() == "now" {
                upper = clock.nowText
            } else {
                upper = KithTime.formatInstant(
                    try KithTime.parseInstant(until, field: "until", timeZone: clock.timeZone))
            }
        }
        if let lower, let upper, lower > upper {
            throw KithError.invalid("until", "must not be before since (\(since ?? "") .. \(until ?? ""))")
        }
    }

    /// SQL conditions on `column`, with their arguments.
    func conditions(_ column: String) -> (sql: [String], args: [String]) {
        var sql: [String] = []
        var args: [String] = []
        if let lower { sql.append("\(column) >= ?"); args.append(lower) }
        if let upper { sql.append("\(column) <= ?"); args.append(upper) }
        return (sql, args)
    }
}

extension KithStore {
    /// Parses an optional instant-or-date field into a stored instant, defaulting to now.
    func instant(_ text: String?, field: String) throws -> String {
        guard let text else { return clock.nowText }
        // Words a person types: `now`, and `today`, `yesterday`, `tomorrow` for that day's start.
        if text.lowercased() == "now" { return clock.nowText }
        if let day = KithTime.dayWord(text, today: clock.today) {
            return KithTime.formatInstant(KithTime.localMidnight(day, timeZone: clock.timeZone))
        }
        return KithTime.formatInstant(try KithTime.parseInstant(text, field: field, timeZone: clock.timeZone))
    }

    static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 1 { throw KithError.invalid("limit", "must be a positive integer, got \(limit)") }
    }
}
