import Foundation
import GRDB

/// The period a report covers: the request's days, or defaults.
struct ReportPeriod {
    let first: LocalDay
    let last: LocalDay
    /// The clock's now: nothing after it counts, so a report run with a past clock reads the
    /// store as it was then.
    let now: Instant

    /// The request's `since`/`until`, else `defaultDays` ending today.
    init(_ request: ReportRequest, clock: KithClock, defaultDays: Int) throws {
        try self.init(since: request.since, until: request.until, clock: clock, defaultDays: defaultDays)
    }

    /// `since`/`until`, else `defaultDays` ending today (or ending `until`).
    init(since: LocalDay?, until: LocalDay?, clock: KithClock, defaultDays: Int) throws {
        now = clock.nowInstant
        last = until ?? clock.localToday
        first = since ?? (last - (defaultDays - 1))
        guard first <= last else { throw KithError.invalid("until", "must not be before since") }
        // Reports chart and tabulate every day: a period of centuries is a mistake or an attack.
        guard last.number - first.number < Self.maxDays else {
            throw KithError.invalid("since", "must be at most \(Self.maxDays) days before until (about 100 years)")
        }
    }

    /// The longest period a report covers.
    static let maxDays = 36_525

    var days: Int { last.number - first.number + 1 }

    /// The first and last instants of the period in `zone` (the last no later than now).
    func bounds(_ zone: TimeZone) -> (lower: Instant, upper: Instant) {
        (first.start(in: zone), min(last.end(in: zone), now))
    }
    /// The period as a filter's bounds.
    var since: TimeBound { .day(first) }
    var until: TimeBound { .day(last) }
    var label: String { "\(first.text) to \(last.text)" }
}

extension KithStore {
    /// Mean mood per local day in [first, last], from raw rows (reports over years stay fast).
    func dailyMoods(_ period: ReportPeriod) throws -> [LocalDay: Double] {
        var sums: [LocalDay: (Double, Int)] = [:]
        try forEachDay(of: "SELECT at, mood FROM journal_entry WHERE at BETWEEN ? AND ? AND mood IS NOT NULL", period) {
            day, row in
            let mood: Int = row[1]
            sums[day, default: (0, 0)].0 += Double(mood)
            sums[day, default: (0, 0)].1 += 1
        }
        return sums.mapValues { $0.0 / Double($0.1) }
    }

    /// Interactions per local day in [first, last].
    func dailyInteractions(_ period: ReportPeriod) throws -> [LocalDay: Int] {
        var counts: [LocalDay: Int] = [:]
        try forEachDay(of: "SELECT at FROM interaction WHERE at BETWEEN ? AND ?", period) { day, _ in
            counts[day, default: 0] += 1
        }
        return counts
    }

    /// Runs `sql` (first column `at`, bound to the period's bounds) and hands each row to
    /// `body` with its local day. Zone offsets are looked up once per hour of time, not per row.
    private func forEachDay(of sql: String, _ period: ReportPeriod, _ body: (LocalDay, Row) -> Void) throws {
        let zone = clock.timeZone
        let (lower, upper) = period.bounds(zone)
        var offsets: [Int64: Int64] = [:]
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [lower.text, upper.text])
            while let row = try rows.next() {
                guard let seconds = try? KithTime.parseInstant(row[0], field: "at") else { continue }
                let hour = seconds / 3600
                let offset =
                    offsets[hour]
                    ?? {
                        let o = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
                        offsets[hour] = o
                        return o
                    }()
                let local = seconds + offset
                body(LocalDay(Int((local >= 0 ? local : local - 86_399) / 86_400)), row)
            }
        }
    }

    /// Journal entries in the period (count only).
    func entryCount(_ period: ReportPeriod) throws -> Int {
        let (lower, upper) = period.bounds(clock.timeZone)
        return try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM journal_entry WHERE at BETWEEN ? AND ?",
                arguments: [lower.text, upper.text]) ?? 0
        }
    }

    /// Interactions in the period, oldest first.
    func interactions(in period: ReportPeriod) throws -> [Interaction] {
        let (lower, upper) = period.bounds(clock.timeZone)
        return try interactions(InteractionFilter(since: .instant(lower), until: .instant(upper))).reversed()
    }

    /// The local day of a stored instant (read back from the store: its border).
    func localDay(_ instant: String) -> LocalDay? {
        (try? KithTime.parseInstant(instant, field: "at")).map { Instant($0).day(in: clock.timeZone) }
    }

    /// The date a person reads for a stored instant: its day in their zone, `2026-03-31`.
    public func localDate(_ instant: String) -> String {
        localDay(instant)?.text ?? String(instant.prefix(10))
    }
}
