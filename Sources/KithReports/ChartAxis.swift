import Foundation
import KithCore

/// A chart's value (y) axis: its ends and the values that get a tick.
struct ValueAxis {
    let low: Double
    let high: Double
    let ticks: [Double]

    /// A fixed range keeps its ends (a mood axis is 1 to 5 even when every mood is 3);
    /// otherwise the axis covers the data, 0 and any bands, rounded out to a tick. Whole-number
    /// data (counts, moods) gets whole-number ticks.
    init(values: [Double], fixed: ClosedRange<Double>?, bands: [ChartBand]) {
        let whole =
            values.allSatisfy { $0.rounded() == $0 }
            && (fixed.map { $0.lowerBound.rounded() == $0.lowerBound && $0.upperBound.rounded() == $0.upperBound }
                ?? true)
        let ends: (Double, Double), step: Step
        if let fixed {
            ends = (fixed.lowerBound, fixed.upperBound)
            step = Step(covering: (fixed.upperBound - fixed.lowerBound) / 6, whole: whole)
        } else {
            var lo = min(values.min() ?? 0, 0), hi = values.max() ?? 1
            if let span = ChartBand.span(of: bands) {
                lo = min(lo, span.lowerBound)
                hi = max(hi, span.upperBound)
            }
            step = Step(covering: (hi - lo > 0 ? hi - lo : max(abs(hi), 1)) / 5, whole: whole)
            let rounded = step.times((lo / step.value).rounded(.down))
            ends = (rounded, max(step.times((hi / step.value).rounded(.up)), rounded + step.value))
        }
        low = ends.0
        high = ends.1
        ticks = Self.multiples(of: step, from: ends.0, to: ends.1)
    }

    /// A tick step, m × 10^e, kept in its parts so that its multiples come out as the decimals
    /// they are (3, not 3.0000000000000004).
    struct Step {
        var m: Double
        var e: Int

        /// The first of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `raw`; whole
        /// steps only (1 or more, and no 2.5) for whole-number data.
        init(covering raw: Double, whole: Bool) {
            self = Step(m: 1, e: 0)
            guard raw.isFinite, raw > 0 else { return }
            let power = Int(log10(raw).rounded(.down))
            for m in [1.0, 2, 2.5, 5, 10] {
                let step = Step(m: m, e: power)
                if whole && (step.value < 1 || step.value.rounded() != step.value) { continue }
                if step.value >= raw * (1 - 1e-9) {
                    self = step
                    return
                }
            }
        }

        init(m: Double, e: Int) {
            self.m = m
            self.e = e
        }

        var value: Double { times(1) }

        /// `k` steps.
        func times(_ k: Double) -> Double {
            let scale = pow(10, Double(abs(e)))
            return e >= 0 ? k * m * scale : k * m / scale
        }
    }

    /// The multiples of `step` from `low` to `high`.
    static func multiples(of step: Step, from low: Double, to high: Double) -> [Double] {
        guard step.value > 0, step.value.isFinite, low.isFinite, high.isFinite else { return [] }
        var ticks: [Double] = []
        var k = (low / step.value - 1e-9).rounded(.up)
        // The steps above give about six ticks; the cap only guards against rounding surprises.
        while ticks.count < 50 {
            let tick = step.times(k)
            if tick > high + step.value * 1e-9 { break }
            ticks.append(tick)
            k += 1
        }
        return ticks
    }
}

/// Where a chart's points and x labels go, as fractions of the plot's width. Labels that are
/// all dates (2026-03-01) or instants place points by their time and get ticks at whole days,
/// weeks, months or years, each tick a different date; other labels are categories, evenly
/// spaced, as many labelled as fit.
struct XAxis {
    /// Each point's place, 0 at the left of the plot and 1 at the right.
    let positions: [Double]
    /// The room of one bar.
    let slot: Double
    let ticks: [(at: Double, label: String)]
    /// The points' indices from left to right, for drawing lines.
    let order: [Int]

    init(labels: [String], bars: Bool, plotWidth: Double, tickSize: Double) {
        if let times = Self.times(of: labels) {
            let sorted = times.sorted()
            let step = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.filter { $0 > 0 }.min() ?? 1
            var low = sorted[0], high = sorted[sorted.count - 1]
            if bars {
                low -= step / 2
                high += step / 2
            } else if low == high {
                low -= 1
                high += 1
            }
            let (from, span) = (low, high - low)
            // A date label is about 70 wide at size 11: one tick per 80 keeps them apart.
            var ticks = Self.timeTicks(from: low, to: high, limit: max(1, Int(plotWidth * 11 / (tickSize * 80))))
                .map { (at: ($0.day - from) / span, label: $0.label) }
            if ticks.isEmpty {
                // Every point between two midnights: one tick, at the first point.
                ticks = [(at: (sorted[0] - from) / span, label: KithTime.formatDate(Int(sorted[0].rounded(.down))))]
            }
            positions = times.map { ($0 - from) / span }
            slot = step / span
            self.ticks = ticks
            order = times.indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
        } else {
            let n = labels.count
            let places = labels.indices.map {
                bars ? (Double($0) + 0.5) / Double(n) : n > 1 ? Double($0) / Double(n - 1) : 0.5
            }
            let spacing = plotWidth * (bars ? 1 / Double(max(n, 1)) : 1 / Double(max(n - 1, 1)))
            let shown = labels.map { SVGText.truncated($0, toWidth: plotWidth / 2, size: tickSize) }
            let widest = shown.map { SVGText.width($0, size: tickSize) }.max() ?? 0
            let every = max(1, Int(((widest + 12) / spacing).rounded(.up)))
            positions = places
            slot = 1 / Double(max(n, 1))
            ticks = labels.indices.filter { $0 % every == 0 }.map { (at: places[$0], label: shown[$0]) }
            order = Array(labels.indices)
        }
    }

    static let utc = TimeZone(identifier: "UTC")!

    /// Each label's time in days since 1970-01-01, or nil unless every label is a date or an
    /// instant (instants without an offset read as UTC, so a chart is the same everywhere).
    static func times(of labels: [String]) -> [Double]? {
        guard !labels.isEmpty else { return nil }
        var times: [Double] = []
        times.reserveCapacity(labels.count)
        for label in labels {
            if label.utf8.count == 10, let day = try? KithTime.parseDate(label, field: "x") {
                times.append(Double(day))
            } else if label.utf8.count > 10, let seconds = try? KithTime.parseInstant(label, field: "x", timeZone: utc)
            {
                times.append(Double(seconds) / 86_400)
            } else {
                return nil
            }
        }
        return times
    }

    /// Ticks from `low` to `high` (days): the finest of every day, every other day, Mondays,
    /// every other Monday, first days of months (every 1, 2, 3 or 6) and of years (every 1, 2,
    /// 5, ...) of which at most `limit` fall in the range. Each kind's ticks are different
    /// dates, so no two ticks read the same.
    static func timeTicks(from low: Double, to high: Double, limit: Int) -> [(day: Double, label: String)] {
        guard low.isFinite, high.isFinite, high - low < 4_000_000 else { return [] }
        let first = Int(low.rounded(.up)), last = Int(high.rounded(.down))
        guard first <= last else { return [] }
        func mod(_ a: Int, _ n: Int) -> Int { ((a % n) + n) % n }
        func days(_ keep: (Int) -> Bool) -> [Int]? {
            var out: [Int] = []
            for day in first...last where keep(day) {
                out.append(day)
                if out.count > limit { return nil }
            }
            return out
        }
        let dayKinds: [(Int) -> Bool] = [
            { _ in true }, { mod($0, 2) == 0 },
            // Mondays, then every other Monday (day 4, 1970-01-05, is a Monday).
            { KithTime.weekday($0) == 1 }, { KithTime.weekday($0) == 1 && mod(($0 - 4) / 7, 2) == 0 },
        ]
        for keep in dayKinds {
            if let ticks = days(keep) { return ticks.map { (day: Double($0), label: KithTime.formatDate($0)) } }
        }
        let (start, end) = (KithTime.civil(fromDayNumber: first), KithTime.civil(fromDayNumber: last))
        for every in [1, 2, 3, 6] {
            var out: [Int] = []
            for month in (start.year * 12 + start.month - 1)...(end.year * 12 + end.month - 1)
            where mod(month, every) == 0 {
                let day = KithTime.dayNumber(year: month / 12, month: month % 12 + 1, day: 1)
                if day >= first && day <= last { out.append(day) }
                if out.count > limit { break }
            }
            if out.count <= limit {
                return out.map { (day: Double($0), label: String(KithTime.formatDate($0).prefix(7))) }
            }
        }
        for every in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] {
            var out: [Int] = []
            for year in start.year...end.year where mod(year, every) == 0 {
                let day = KithTime.dayNumber(year: year, month: 1, day: 1)
                if day >= first && day <= last { out.append(day) }
                if out.count > limit { break }
            }
            if out.count <= limit {
                return out.map { (day: Double($0), label: String(KithTime.formatDate($0).prefix(4))) }
            }
        }
        return []
    }
}
