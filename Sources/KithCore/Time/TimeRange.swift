/// A period between two optional bounds, resolved to instants once: a `since` day starts at
/// its local midnight and an `until` day covers that whole local day.
struct TimeRange {
    var lower: Instant?
    var upper: Instant?

    init(since: TimeBound?, until: TimeBound?, clock: KithClock) throws {
        lower = since?.lower(in: clock.timeZone)
        upper = until?.upper(in: clock.timeZone)
        if let lower, let upper, lower > upper {
            throw KithError.invalid(
                "until", "must not be before since (\(since?.text ?? "") .. \(until?.text ?? ""))")
        }
    }

    /// SQL conditions on `column` (a stored instant), with their arguments in stored form.
    func conditions(_ column: String) -> (sql: [String], args: [String]) {
        var sql: [String] = []
        var args: [String] = []
        if let lower { sql.append("\(column) >= ?"); args.append(lower.text) }
        if let upper { sql.append("\(column) <= ?"); args.append(upper.text) }
        return (sql, args)
    }
}

extension KithStore {
    /// Parses an optional instant-or-date field into a stored instant, defaulting to now.
    func instant(_ text: String?, field: String) throws -> String {
        guard let text else { return clock.nowText }
        // Words a person types: `now`, and `today`, `yesterday`, `tomorrow` for that day's start.
        return try TimeBound(parsing: text, field: field, clock: clock).lower(in: clock.timeZone).text
    }

    static func checkLimit(_ limit: Int?) throws {
        if let limit, limit < 1 { throw KithError.invalid("limit", "must be a positive integer, got \(limit)") }
    }
}
