import Foundation
import KithCore

/// A line or bar chart: axes with ticks, any bands as stripes, a legend, and a title and a
/// text description for screen readers.
struct ChartSVG {
    let kind: ReportBlock.ChartKind
    let title: String?
    let x: [String]
    let series: [ChartSeries]
    let yRange: ClosedRange<Double>?
    let bands: [ChartBand]
    /// The chart's number in the document, for ids unique in it.
    let number: Int

    static let width = 640.0, top = 30.0, plotHeight = 224.0, right = 16.0, tickSize = 11.0, legendRow = 22.0

    var svg: String {
        let axis = ValueAxis(values: series.flatMap { $0.values.compactMap { $0 } }, fixed: yRange, bands: bands)
        let yLabels = axis.ticks.map { ReportValue.number($0).description }
        // Room for the widest tick label, and never less than 48, so that charts stacked over
        // the same dates (mood, then interactions) line their plots up.
        let left = max(48, (yLabels.map { SVGText.width($0, size: Self.tickSize) }.max() ?? 0) + 12)
        // Wider than usual only when tick labels are: the plot keeps room to show anything.
        let width = max(Self.width, left + Self.right + 320)
        let plotWidth = width - left - Self.right
        let bottom = Self.top + Self.plotHeight
        let xAxis = XAxis(labels: x, bars: kind == .bar, plotWidth: plotWidth, tickSize: Self.tickSize)
        func y(_ v: Double) -> Double { bottom - (v - axis.low) / (axis.high - axis.low) * Self.plotHeight }
        func xAt(_ i: Int) -> Double { left + xAxis.positions[i] * plotWidth }
        let f = SVGText.number

        var body: [String] = []
        if let title {
            body.append(
                SVGText.element(
                    left, 18, SVGText.truncated(title, toWidth: width - left - Self.right, size: 14), size: 14,
                    weight: "600"))
        }
        let shaded = axis.low < axis.high ? Self.stripes(bands, within: axis.low...axis.high) : []
        for (n, stripe) in shaded.enumerated() {
            let (y0, y1) = (y(stripe.high), y(stripe.low))
            body.append(
                "<rect x=\"\(f(left))\" y=\"\(f(y0))\" width=\"\(f(plotWidth))\" height=\"\(f(y1 - y0))\" fill=\"\(n % 2 == 0 ? "#eef2f5" : "#e1e8ed")\"/>"
            )
            // Labelled where the stripe is tall enough to hold it; the description lists them all.
            if y1 - y0 >= 15 {
                body.append(
                    SVGText.element(
                        left + 6, y0 + 12, SVGText.truncated(stripe.label, toWidth: plotWidth * 0.4, size: 10),
                        size: 10, fill: "#4a5a65", role: "band"))
            }
        }
        for (tick, label) in zip(axis.ticks, yLabels) {
            body.append(
                "<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(width - Self.right))\" y2=\"\(f(y(tick)))\" stroke=\"#d3dce2\" stroke-width=\"0.75\"/>"
            )
            body.append(
                SVGText.element(left - 6, y(tick) + 4, label, size: Self.tickSize, anchor: "end", role: "y-tick"))
        }
        body.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(Self.top))\" x2=\"\(f(left))\" y2=\"\(f(bottom))\" stroke=\"#5c6b75\"/>")
        body.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(bottom))\" x2=\"\(f(width - Self.right))\" y2=\"\(f(bottom))\" stroke=\"#5c6b75\"/>"
        )
        for tick in xAxis.ticks {
            let px = left + tick.at * plotWidth
            let half = SVGText.width(tick.label, size: Self.tickSize) / 2
            body.append(
                "<line x1=\"\(f(px))\" y1=\"\(f(bottom))\" x2=\"\(f(px))\" y2=\"\(f(bottom + 4))\" stroke=\"#5c6b75\"/>"
            )
            // Kept inside the picture: a label at either end would otherwise be cut off.
            body.append(
                SVGText.element(
                    min(max(px, half + 2), width - half - 2), bottom + 18, tick.label, size: Self.tickSize,
                    anchor: "middle", role: "x-tick"))
        }
        for (n, s) in series.enumerated() {
            let (colour, dash) = Self.stroke(n)
            if kind == .line {
                var run: [String] = []
                func flush() {
                    if run.count > 1 {
                        body.append(
                            "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dash) points=\"\(run.joined(separator: " "))\"/>"
                        )
                    }
                    run.removeAll()
                }
                let order = xAxis.order
                for (k, i) in order.enumerated() {
                    guard let v = s.values[i] else {
                        flush()
                        continue
                    }
                    run.append("\(f(xAt(i))),\(f(y(v)))")
                    let isolated =
                        (k == 0 || s.values[order[k - 1]] == nil)
                        && (k == order.count - 1 || s.values[order[k + 1]] == nil)
                    if x.count <= 60 || isolated {
                        body.append("<circle cx=\"\(f(xAt(i)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"\(colour)\"/>")
                    }
                }
                flush()
            } else {
                let slot = xAxis.slot * plotWidth * 0.8
                let barWidth = slot / Double(series.count)
                // Bars stand on 0, or on the bottom of an axis that starts above it (mood's 1).
                let base = y(min(max(0, axis.low), axis.high))
                for (i, v) in s.values.enumerated() {
                    guard let v else { continue }
                    let x0 = xAt(i) - slot / 2 + barWidth * Double(n)
                    // At least a sliver, so that a value on the base shows as a value, not a gap.
                    let (top, foot) = (min(y(v), base), max(y(v), base))
                    let (y0, y1) = foot - top < 1.5 ? (base - 1.5, base) : (top, foot)
                    body.append(
                        "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(max(barWidth - 1, 1)))\" height=\"\(f(y1 - y0))\" fill=\"\(colour)\"/>"
                    )
                }
            }
        }
        // The legend, flowing onto more rows as names need.
        var (lx, ly) = (left, bottom + 44)
        for (n, s) in series.enumerated() {
            let (colour, dash) = Self.stroke(n)
            let name = SVGText.truncated(s.name, toWidth: width - left - Self.right - 24, size: 12)
            let entry = 18 + SVGText.width(name, size: 12) + 20
            if lx > left && lx + entry - 20 > width - Self.right {
                lx = left
                ly += Self.legendRow
            }
            body.append(
                kind == .line
                    ? "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 14))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"2.5\"\(dash)/>"
                    : "<rect x=\"\(f(lx))\" y=\"\(f(ly - 6))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>")
            body.append(SVGText.element(lx + 18, ly + 4, name, size: 12, role: "legend"))
            lx += entry
        }
        let id = "chart-\(number)"
        let height = Int((ly + 14).rounded(.up))
        let head =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width.rounded(.up))) \(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" class=\"chart\">"
        let name = "<title id=\"\(id)-title\">\(HTMLReportRenderer.escape(title ?? "Chart \(number)"))</title>"
        let words =
            "<desc id=\"\(id)-desc\">\(HTMLReportRenderer.escape(summary(axis: axis, order: xAxis.order)))</desc>"
        return ([head, name, words] + body + ["</svg>"]).joined(separator: "\n")
    }

    /// The `n`th series' colour, and the dash attribute of its line (empty for a solid one).
    static func stroke(_ n: Int) -> (colour: String, dash: String) {
        let (colour, dashed) = ChartPalette.series(n)
        return (colour, dashed ? " stroke-dasharray=\"6 3\"" : "")
    }

    /// The stripes of `bands` on an axis: whole-number bands (0 to 4, then 5 to 9) leave a gap
    /// of one between them, so neighbouring stripes meet half-way across it.
    static func stripes(_ bands: [ChartBand], within axis: ClosedRange<Double>) -> [(
        low: Double, high: Double, label: String
    )] {
        let sorted = bands.sorted { $0.from < $1.from }
        var stripes: [(low: Double, high: Double, label: String)] = []
        for (i, band) in sorted.enumerated() {
            let below = i > 0 ? band.from - sorted[i - 1].to : 0
            let above = i + 1 < sorted.count ? sorted[i + 1].from - band.to : 0
            let low = max(band.from - (below > 0 && below <= 1 ? below / 2 : 0), axis.lowerBound)
            let high = min(band.to + (above > 0 && above <= 1 ? above / 2 : 0), axis.upperBound)
            if high > low { stripes.append((low: low, high: high, label: band.label)) }
        }
        return stripes
    }

    /// The chart in words: its span, its axis, its bands, and each series' lowest and highest.
    func summary(axis: ValueAxis, order: [Int]) -> String {
        let shown = { (v: Double) in ReportValue.number(v).description }
        let span: String
        switch (order.first, order.last) {
        case let (first?, last?) where x.count > 1: span = "\(x.count) points from \(x[first]) to \(x[last])"
        case let (first?, _): span = "one point, \(x[first])"
        default: span = "no points"
        }
        var sentences = [
            "\(kind == .line ? "Line" : "Bar") chart, \(span); axis \(shown(axis.low)) to \(shown(axis.high))."
        ]
        if !bands.isEmpty {
            sentences.append(
                "Bands: "
                    + bands.sorted { $0.from < $1.from }
                    .map { "\($0.label) \(shown($0.from)) to \(shown($0.to))" }.joined(separator: ", ") + ".")
        }
        for s in series.prefix(8) {
            let points = s.values.enumerated().compactMap { i, v in v.map { (i, $0) } }
            guard let lowest = points.min(by: { $0.1 < $1.1 }), let highest = points.max(by: { $0.1 < $1.1 }) else {
                sentences.append("\(s.name): no values.")
                continue
            }
            sentences.append(
                "\(s.name): lowest \(shown(lowest.1)) on \(x[lowest.0]), highest \(shown(highest.1)) on \(x[highest.0])."
            )
        }
        if series.count > 8 { sentences.append("And \(series.count - 8) more series.") }
        return sentences.joined(separator: " ")
    }
}
