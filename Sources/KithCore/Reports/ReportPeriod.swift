import Foundation
import GRDB

/// The period a report covers: `since` and `until` dates from the parameters, or defaults.
struct ReportPeriod {
    let first: Int
    let last: Int
    /// The clock's now: nothing after it counts, so a report run with `--now` in the past
    /// reads the store as it was then.
    let now: Int64

    /// `params["since"]`/`["until"]` (dates), else `defaultDays` ending today.
    init(_ params: [String: String], clock: KithClock, defaultDays: Int) throws {
        now = clock.now()
        last = try params["until"].map { try KithTime.parseDate($0, field: "until") } ?? clock.today
        first = try params["since"].map { try KithTime.parseDate($0, field: "since") } ?? (last - defaultDays + 1)
        guard first <= last else { throw KithError.invalid("until", "must not be before since") }
        // Reports chart and tabulate every day: a period of centuries is a mistake or an attack.
        guard last - first < Self.maxDays else {
            throw KithError.invalid("since", "must be at most \(Self.maxDays) days before until (about 100 years)")
        }
    }

    /// The longest period a report covers.
    static let maxDays = 36_525

    var days: Int { last - first + 1 }

    /// The first and last instants of the period in `zone`, as stored instant strings.
    func bounds(_ zone: TimeZone) -> (lower: String, upper: String) {
        (
            KithTime.formatInstant(KithTime.localMidnight(first, timeZone: zone)),
            KithTime.formatInstant(min(KithTime.localMidnight(last + 1, timeZone: zone) - 1, now))
        )
    }
    var sinceText: String { KithTime.formatDate(first) }
    var untilText: String { KithTime.formatDate(last) }
    var label: String { "\(sinceText) to \(untilText)" }
}

extension KithStore {
    /// Mean mood per local day in [first, last], from raw rows (reports over years stay fast).
    func dailyMoods(_ period: ReportPeriod) throws -> [Int: Double] {
        var sums: [Int: (Double, Int)] = [:]
        try forEachDay(of: "SELECT at, mood FROM journal_entry WHERE at BETWEEN ? AND ? AND mood IS NOT NULL", period) {
            day, row in
            let mood: Int = row[1]
            sums[day, default: (0, 0)].0 += Double(mood)
            sums[day, default: (0, 0)].1 += 1
        }
        return sums.mapValues { $0.0 / Double($0.1) }
    }

    /// Interactions per local day in [first, last].
    func dailyInteractions(_ period: ReportPeriod) throws -> [Int: Int] {
        var counts: [Int: Int] = [:]
        try forEachDay(of: "SELECT at FROM interaction WHERE at BETWEEN ? AND ?", period) { day, _ in
            counts[day, default: 0] += 1
        }
        return counts
    }

    /// Runs `sql` (first column `at`, bound to the period's bounds) and hands each row to
    /// `body` with its local day. Zone offsets are looked up once per hour of time, not per row.
    private func forEachDay(of sql: String, _ period: ReportPeriod, _ body: (Int, Row) -> Void) throws {
        let zone = clock.timeZone
        let (lower, upper) = period.bounds(zone)
        var offsets: [Int64: Int64] = [:]
        try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [lower, upper])
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
                body(Int((local >= 0 ? local : local - 86_399) / 86_400), row)
            }
        }
    }

    /// Journal entries in the period (count only).
    func entryCount(_ period: ReportPeriod) throws -> Int {
        let (lower, upper) = period.bounds(clock.timeZone)
        return try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM journal_entry WHERE at BETWEEN ? AND ?", arguments: [lower, upper]) ?? 0
        }
    }

    /// Interactions in the period, oldest first.
    func interactions(in period: ReportPeriod) throws -> [Interaction] {
        let (lower, upper) = period.bounds(clock.timeZone)
        return try interactions(InteractionFilter(since: lower, until: upper)).reversed()
    }

    /// The local day of a stored instant.
    func localDay(_ instant: String) -> Int? {
        (try? KithTime.parseInstant(instant, field: "at")).map { KithTime.localDay(of: $0, timeZone: clock.timeZone) }
    }

    /// The date a person reads for a stored instant: its day in their zone, `2026-03-31`.
    public func localDate(_ instant: String) -> String {
        localDay(instant).map(KithTime.formatDate) ?? String(instant.prefix(10))
    }
}
