import Foundation

/// One self-contained HTML file: no scripts, no network; readable on a phone and in print;
/// charts and the convoy diagram as inline SVG with axes, labels and legends.
enum HTMLReportRenderer {
    static let palette = ["#2a6f97", "#e07a5f", "#3d9970", "#9b5de5", "#d4a017", "#577590", "#c9184a", "#6a994e"]

    static func render(_ d: ReportDocument) -> String {
        var body = ["<h1>\(escape(d.title))</h1>"]
        var chartNumber = 0
        for block in d.blocks {
            switch block {
            case .heading(let text): body.append("<h2>\(escape(text))</h2>")
            case .text(let text): body.append("<p>\(escape(text))</p>")
            case .metric(let label, let value, let note):
                body.append("<div class=\"metric\"><span class=\"label\">\(escape(label))</span> <span class=\"value\">\(escape(value.description))</span>"
                            + (note.map { " <span class=\"note\">\(escape($0))</span>" } ?? "") + "</div>")
            case .list(let items): body.append("<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
            case .contacts(let people):
                body.append("<ul class=\"contacts\">" + people.map { c in
                    "<li><strong>\(escape(c.name))</strong>"
                        + (c.phone.map { " <a href=\"tel:\(escape(CrisisLine.dial($0)))\">\(escape($0))</a>" } ?? "")
                        + (c.note.map { " <span class=\"note\">\(escape($0))</span>" } ?? "") + "</li>"
                }.joined() + "</ul>")
            case .table(let columns, let rows):
                let head = "<tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
                let cells = rows.map { row in "<tr>" + row.map { cell(for: $0) }.joined() + "</tr>" }.joined()
                body.append("<div class=\"table\"><table><thead>\(head)</thead><tbody>\(cells)</tbody></table></div>")
            case .chart(let kind, let title, let x, let series):
                chartNumber += 1
                body.append(ChartSVG(kind: kind, title: title, x: x, series: series, number: chartNumber).svg)
            case .convoy(let people):
                body.append(ConvoySVG(people: people).svg)
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(d.title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2a33; margin: 0 auto;
                   max-width: 860px; padding: 1rem; line-height: 1.45; }
            h1 { font-size: 1.6rem; border-bottom: 2px solid #2a6f97; padding-bottom: .3rem; }
            h2 { font-size: 1.2rem; margin-top: 1.8rem; color: #2a6f97; }
            .metric { margin: .4rem 0; } .metric .label { font-weight: 600; } .metric .value { font-size: 1.25rem; }
            .metric .note { color: #5c6b75; }
            .table { overflow-x: auto; } table { border-collapse: collapse; margin: .5rem 0; }
            th, td { border: 1px solid #c9d3da; padding: .3rem .6rem; text-align: left; } td.n { text-align: right; }
            th { background: #eef3f6; } svg { max-width: 100%; height: auto; display: block; margin: .8rem 0; }
            svg text { font-family: inherit; }
            @media print { body { max-width: none; } h2 { break-after: avoid; } svg, table { break-inside: avoid; } }
            </style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    static func cell(for value: ReportValue) -> String {
        switch value {
        case .integer, .number: return "<td class=\"n\">\(escape(value.description))</td>"
        default: return "<td>\(escape(value.description))</td>"
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// A line or bar chart with axes, ticks, labels and a legend.
struct ChartSVG {
    let kind: ReportBlock.ChartKind
    let title: String?
    let x: [String]
    let series: [ChartSeries]
    let number: Int

    let width = 640.0, height = 300.0, left = 52.0, right = 16.0, top = 30.0, bottom = 46.0

    var svg: String {
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let (lo, hi, step) = Self.axis(min(values.min() ?? 0, 0), values.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        let legendHeight = 22.0 * Double((series.count + 2) / 3)
        func y(_ v: Double) -> Double { top + plotH - (v - lo) / (hi - lo) * plotH }
        func xAt(_ i: Int) -> Double {
            kind == .bar ? left + plotW * (Double(i) + 0.5) / Double(max(x.count, 1))
                         : left + (x.count > 1 ? plotW * Double(i) / Double(x.count - 1) : plotW / 2)
        }
        var parts: [String] = []
        let label = HTMLReportRenderer.escape(title ?? "Chart \(number)")
        parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height + legendHeight))\" role=\"img\" aria-label=\"\(label)\" class=\"chart\">")
        if let title { parts.append(text(left, 18, HTMLReportRenderer.escape(title), size: 14, weight: "600")) }
        // y axis: grid lines and tick labels
        var tick = lo
        while tick <= hi + step / 2 {
            parts.append("<line x1=\"\(f(left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(tick)))\" stroke=\"#e3e9ed\"/>")
            parts.append(text(left - 6, y(tick) + 4, ReportValue.number(tick).description, size: 11, anchor: "end"))
            tick += step
        }
        parts.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#5c6b75\"/>")
        parts.append("<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(width - right))\" y2=\"\(f(top + plotH))\" stroke=\"#5c6b75\"/>")
        // x labels: at most eight, evenly spread
        let every = max(1, Int((Double(x.count) / 8).rounded(.up)))
        for (i, label) in x.enumerated() where (i % every == 0 && x.count - 1 - i >= (every + 1) / 2) || i == x.count - 1 {
            parts.append(text(xAt(i), top + plotH + 18, HTMLReportRenderer.escape(label), size: 11, anchor: "middle"))
        }
        for (n, s) in series.enumerated() {
            let color = HTMLReportRenderer.palette[n % HTMLReportRenderer.palette.count]
            if kind == .line {
                var run: [String] = []
                func flush() {
                    if run.count > 1 { parts.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2.5\" points=\"\(run.joined(separator: " "))\"/>") }
                    run.removeAll()
                }
                for (i, v) in s.values.enumerated() {
                    guard let v else { flush(); continue }
                    run.append("\(f(xAt(i))),\(f(y(v)))")
                    let isolated = (i == 0 || s.values[i - 1] == nil) && (i == s.values.count - 1 || s.values[i + 1] == nil)
                    if x.count <= 60 || isolated { parts.append("<circle cx=\"\(f(xAt(i)))\" cy=\"\(f(y(v)))\" r=\"3\" fill=\"\(color)\"/>") }
                }
                flush()
            } else {
                let slot = plotW / Double(max(x.count, 1)) * 0.8
                let barW = slot / Double(series.count)
                for (i, v) in s.values.enumerated() {
                    guard let v else { continue }
                    let x0 = xAt(i) - slot / 2 + barW * Double(n)
                    let y0 = y(max(v, 0)), y1 = y(min(v, 0))
                    parts.append("<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(max(barW - 1, 1)))\" height=\"\(f(max(y1 - y0, 0.5)))\" fill=\"\(color)\"/>")
                }
            }
        }
        // legend
        for (n, s) in series.enumerated() {
            let lx = left + Double(n % 3) * 190, ly = height + 6 + Double(n / 3) * 22
            let color = HTMLReportRenderer.palette[n % HTMLReportRenderer.palette.count]
            parts.append("<rect x=\"\(f(lx))\" y=\"\(f(ly))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>")
            parts.append(text(lx + 18, ly + 11, HTMLReportRenderer.escape(s.name), size: 12))
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// A rounded axis range and tick step covering [lo, hi].
    static func axis(_ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        let span = hi - lo > 0 ? hi - lo : max(abs(hi), 1)
        let raw = span / 5
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let low = (lo / step).rounded(.down) * step
        let high = max((hi / step).rounded(.up) * step, low + step)
        return (low, high, step)
    }
}

/// The convoy model: you in the middle, inner, middle and outer circles around, each person
/// a dot coloured by support type and labelled.
struct ConvoySVG {
    let people: [ConvoyMember]

    var svg: String {
        let size = 420.0, c = size / 2
        let radii: [Circle: (ring: Double, place: Double)] = [.inner: (70, 48), .middle: (135, 104), .outer: (200, 170)]
        let types = Array(Set(people.map(\.type))).sorted()
        func color(_ type: String) -> String {
            HTMLReportRenderer.palette[(types.firstIndex(of: type) ?? 0) % HTMLReportRenderer.palette.count]
        }
        let legendHeight = 22.0 * Double((types.count + 2) / 3) + 8
        let margin = 120.0   // room for names beside the outer ring
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"\(Int(-margin)) 0 \(Int(size + 2 * margin)) \(Int(size + legendHeight))\" role=\"img\" aria-label=\"Your support network as circles\" class=\"convoy\">"]
        for circle in [Circle.outer, .middle, .inner] {
            let r = radii[circle]!.ring
            parts.append("<circle cx=\"\(f(c))\" cy=\"\(f(c))\" r=\"\(f(r))\" fill=\"\(circle == .inner ? "#eef3f6" : circle == .middle ? "#f5f8fa" : "#fbfcfd")\" stroke=\"#c9d3da\"/>")
            parts.append(text(c, c - r + 14, circle.rawValue, size: 11, anchor: "middle", fill: "#5c6b75"))
        }
        parts.append("<circle cx=\"\(f(c))\" cy=\"\(f(c))\" r=\"16\" fill=\"#1d2a33\"/>")
        parts.append(text(c, c + 4, "you", size: 11, anchor: "middle", fill: "#ffffff"))
        for circle in Circle.allCases {
            let members = people.filter { $0.circle == circle }
            let r = radii[circle]!.place
            for (i, p) in members.enumerated() {
                // Start off the top, where the ring's own label sits; stagger the rings.
                let offset = circle == .inner ? 0.25 : circle == .middle ? 0.6 : 0.4
                let angle = -Double.pi / 2 + 2 * Double.pi * (Double(i) + offset) / Double(max(members.count, 1))
                let px = c + r * cos(angle), py = c + r * sin(angle)
                parts.append("<circle cx=\"\(f(px))\" cy=\"\(f(py))\" r=\"7\" fill=\"\(color(p.type))\"><title>\(HTMLReportRenderer.escape(p.name))</title></circle>")
                let anchor = px < c - 5 ? "end" : px > c + 5 ? "start" : "middle"
                let dx = anchor == "end" ? -10.0 : anchor == "start" ? 10.0 : 0
                parts.append(text(px + dx, py + (anchor == "middle" ? -11 : 4), HTMLReportRenderer.escape(p.name), size: 11, anchor: anchor))
            }
        }
        for (n, type) in types.enumerated() {
            let lx = 10 + Double(n % 3) * 140, ly = size + 4 + Double(n / 3) * 22
            parts.append("<circle cx=\"\(f(lx + 6))\" cy=\"\(f(ly + 6))\" r=\"6\" fill=\"\(color(type))\"/>")
            parts.append(text(lx + 18, ly + 10, HTMLReportRenderer.escape(type), size: 12))
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}

private func f(_ v: Double) -> String { String(format: "%.1f", v) }

private func text(_ x: Double, _ y: Double, _ content: String, size: Int, anchor: String = "start",
                  weight: String = "400", fill: String = "#1d2a33") -> String {
    "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" fill=\"\(fill)\">\(content)</text>"
}
