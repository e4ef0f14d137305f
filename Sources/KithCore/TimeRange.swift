/// Since/until bounds as stored instant strings, for `WHERE at BETWEEN ? AND ?`.
/// A `since` date means its local midnight; an `until` date covers that whole local day.
struct TimeRange {
    var lower: String?
    var upper: String?

    init(since: String?, until: String?, clock: KithClock) throws {
        if let since {
            lower = KithTime.formatInstant(try KithTime.parseInstant(since, field: "since", timeZone: clock.timeZone))
        }
        if let until {
            if until.utf8.count == 10 {
                let day = try KithTime.parseDate(until, field: "until")
                upper = KithTime.formatInstant(KithTime.localMidnight(day + 1, timeZone: clock.timeZone) - 1)
            } else {
                upper = KithTime.formatInstant(try KithTime.parseInstant(until, field: "until", timeZone: clock.timeZone))
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
        switch text.lowercased() {
        case "now": return clock.nowText
        case "today": return KithTime.formatInstant(KithTime.localMidnight(clock.today, timeZone: clock.timeZone))
        case "yesterday": return KithTime.formatInstant(KithTime.localMidnight(clock.today - 1, timeZone: clock.timeZone))
        case "tomorrow": return KithTime.formatInstant(KithTime.localMidnight(clock.today + 1, timeZone: clock.timeZone))
        default: return KithTime.formatInstant(try KithTime.parseInstant(text, field: field, timeZone: clock.timeZone))
        }
    }

    static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 1 { throw KithError.invalid("limit", "must be a positive integer, got \(limit)") }
    }
}
