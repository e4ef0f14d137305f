import Foundation
import KithCore

/// The output formats every report renders to.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, markdown, html, json, csv

    /// Renders a document in this format.
    public func render(_ document: ReportDocument) -> String {
        switch self {
        case .text: return TextReportRenderer.render(document)
        case .markdown: return MarkdownReportRenderer.render(document)
        case .html: return HTMLReportRenderer.render(document)
        case .json: return JSONReportRenderer.render(document)
        case .csv: return CSVReportRenderer.render(document)
        }
    }
}

/// The document itself, as JSON with sorted keys (the shape of docs/lua-api.md 4.7).
enum JSONReportRenderer {
    static func render(_ d: ReportDocument) -> String {
        let object: [String: Any] = ["title": d.title, "blocks": d.blocks.map(object)]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func object(_ block: ReportBlock) -> [String: Any] {
        var o: [String: Any] = ["kind": block.kind]
        switch block {
        case .heading(let text), .text(let text): o["text"] = text
        case .metric(let label, let value, let note):
            o["label"] = label
            o["value"] = json(value)
            if let note { o["note"] = note }
        case .list(let items): o["items"] = items
        case .table(let columns, let rows):
            o["columns"] = columns
            o["rows"] = rows.map { $0.map(json) }
        case .chart(let kind, let title, let x, let series, let yRange, let bands):
            o["chart"] = kind.rawValue
            if let title { o["title"] = title }
            o["x"] = x
            o["series"] = series.map {
                ["name": $0.name, "values": $0.values.map { $0.map { NSNumber(value: $0) } ?? NSNull() }]
                    as [String: Any]
            }
            if let yRange {
                o["y_min"] = NSNumber(value: yRange.lowerBound)
                o["y_max"] = NSNumber(value: yRange.upperBound)
            }
            if !bands.isEmpty {
                o["bands"] = bands.map {
                    ["from": NSNumber(value: $0.from), "to": NSNumber(value: $0.to), "label": $0.label] as [String: Any]
                }
            }
        case .convoy(let people):
            o["people"] = people.map {
                ["name": $0.name, "circle": $0.circle.rawValue, "type": $0.type, "crisis": NSNumber(value: $0.crisis)]
                    as [String: Any]
            }
        case .contacts(let people):
            o["people"] = people.map { c -> [String: Any] in
                var p: [String: Any] = ["name": c.name]
                if let phone = c.phone { p["phone"] = phone }
                if let note = c.note { p["note"] = note }
                return p
            }
        }
        return o
    }

    static func json(_ v: ReportValue) -> Any {
        switch v {
        case .text(let s): return s
        case .integer(let n): return NSNumber(value: n)
        case .number(let x): return NSNumber(value: x)
        case .boolean(let b): return NSNumber(value: b)
        case .empty: return NSNull()
        }
    }
}

/// The tables, as RFC 4180 CSV; several tables are separated by an empty line.
enum CSVReportRenderer {
    static func render(_ d: ReportDocument) -> String {
        var tables: [String] = []
        for case .table(let columns, let rows) in d.blocks {
            let lines = [columns.map(field)] + rows.map { $0.map { field($0.description) } }
            tables.append(lines.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n")
        }
        return tables.joined(separator: "\r\n")
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Markdown: headings, lists, pipe tables; charts as their data table.
enum MarkdownReportRenderer {
    static func render(_ d: ReportDocument) -> String {
        var out = ["# \(d.title)", ""]
        for block in d.blocks {
            switch block {
            case .heading(let text): out += ["## \(text)", ""]
            case .text(let text): out += [text, ""]
            case .metric(let label, let value, let note):
                out += ["**\(label)**: \(value)" + (note.map { " (\($0))" } ?? ""), ""]
            case .list(let items): out += items.map { "- \($0)" } + [""]
            case .contacts(let people):
                out +=
                    people.map { c in
                        "- **\(c.name)**" + (c.phone.map { ": [\($0)](tel:\(CrisisLine.dial($0)))" } ?? "")
                            + (c.note.map { " (\($0))" } ?? "")
                    } + [""]
            case .table(let columns, let rows): out += table(columns, rows.map { $0.map(\.description) }) + [""]
            case .chart(_, let title, let x, let series, _, _):
                if let title { out += ["*\(title)*", ""] }
                out +=
                    table(
                        [""] + series.map(\.name),
                        x.indices.map { i in
                            [x[i]] + series.map { $0.values[i].map { ReportValue.number($0).description } ?? "" }
                        }) + [""]
            case .convoy(let people):
                for circle in Circle.allCases {
                    let names = people.filter { $0.circle == circle }.map(TextReportRenderer.member)
                    out.append(
                        "- **\(circle.rawValue.capitalized) circle**: "
                            + (names.isEmpty ? "no one" : names.joined(separator: ", ")))
                }
                out.append("")
            }
        }
        return out.joined(separator: "\n")
    }

    static func table(_ columns: [String], _ rows: [[String]]) -> [String] {
        let cell = { (s: String) in
            s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        return ["| " + columns.map(cell).joined(separator: " | ") + " |", "|" + columns.map { _ in " --- |" }.joined()]
            + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
    }
}

/// Plain text for the terminal: aligned tables, sparklines and bars for charts.
enum TextReportRenderer {
    static func render(_ d: ReportDocument) -> String {
        var out = [d.title, String(repeating: "=", count: d.title.count), ""]
        for block in d.blocks {
            switch block {
            case .heading(let text): out += [text, String(repeating: "-", count: text.count)]
            case .text(let text): out += [text, ""]
            case .metric(let label, let value, let note):
                out += ["\(label): \(value)" + (note.map { " (\($0))" } ?? ""), ""]
            case .list(let items): out += items.map { "  - \($0)" } + [""]
            case .contacts(let people): out += people.map { "  - \($0.line)" } + [""]
            case .table(let columns, let rows): out += aligned(columns, rows.map { $0.map(\.description) }) + [""]
            case .chart(let kind, let title, let x, let series, let yRange, _):
                if let title { out.append(title) }
                out += kind == .line ? sparklines(x, series, yRange) : bars(x, series, yRange)
                out.append("")
            case .convoy(let people):
                for circle in Circle.allCases {
                    let names = people.filter { $0.circle == circle }.map(member)
                    out.append(
                        "  \(circle.rawValue.capitalized): "
                            + (names.isEmpty ? "no one" : names.joined(separator: ", ")))
                }
                out.append("")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func aligned(_ columns: [String], _ rows: [[String]]) -> [String] {
        let lines = TextTable.lines(columns, rows).map { "  " + $0 }
        let rule =
            "  " + TextTable.widths(columns, rows).map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return [lines[0], rule] + lines.dropFirst()
    }

    /// "Ana (family)", "Dee (peer, crisis contact)".
    static func member(_ m: ConvoyMember) -> String { "\(m.name) (\(m.type)\(m.crisis ? ", crisis contact" : ""))" }

    /// One sparkline per series, scaled to the chart's fixed range when it has one (a mood of
    /// 3 is mid-height whatever the other days were) and to the data's range otherwise.
    static func sparklines(_ x: [String], _ series: [ChartSeries], _ yRange: ClosedRange<Double>?) -> [String] {
        let ticks = Array("▁▂▃▄▅▆▇█")
        let width = series.map { TextColumns.width(of: $0.name) }.max() ?? 0
        var lines = series.map { s -> String in
            let present = s.values.compactMap { $0 }
            guard let lo = present.min(), let hi = present.max() else { return "  \(s.name): no data" }
            let (bottom, top) = yRange.map { ($0.lowerBound, $0.upperBound) } ?? (lo, hi)
            let spark = String(
                s.values.map { v -> Character in
                    guard let v else { return " " }
                    // Clamped and checked: a document that skipped validation still never traps here.
                    let fraction = top == bottom ? 0.5 : (v - bottom) / (top - bottom)
                    guard fraction.isFinite else { return ticks[3] }
                    return ticks[Int((min(max(fraction, 0), 1) * Double(ticks.count - 1)).rounded())]
                })
            return "  " + TextColumns.padded(s.name, to: width) + "  \(spark)  "
                + "\(ReportValue.number(lo))..\(ReportValue.number(hi))"
                + (yRange.map {
                    " (scale \(ReportValue.number($0.lowerBound)) to \(ReportValue.number($0.upperBound)))"
                } ?? "")
        }
        if let first = x.first, let last = x.last {
            lines.append("  " + String(repeating: " ", count: width) + "  \(first) .. \(last)")
        }
        return lines
    }

    /// Bars from 0, or from the bottom of a fixed range, to the top of the range or the data.
    static func bars(_ x: [String], _ series: [ChartSeries], _ yRange: ClosedRange<Double>?) -> [String] {
        let base = yRange.map { min(max(0, $0.lowerBound), $0.upperBound) } ?? 0
        let top = (yRange?.upperBound ?? series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0) - base
        let labelWidth = x.map { TextColumns.width(of: $0) }.max() ?? 0
        var lines: [String] = []
        for (i, label) in x.enumerated() {
            for s in series {
                let name = series.count > 1 ? " \(s.name)" : ""
                let head = "  " + TextColumns.padded(label, to: labelWidth) + " "
                guard let v = s.values[i] else {
                    lines.append(head + "-\(name)")
                    continue
                }
                let fraction = top > 0 ? max(v - base, 0) / top : 0
                let n = fraction.isFinite ? Int((min(fraction, 1) * 30).rounded()) : 0
                lines.append(head + String(repeating: "█", count: n) + " \(ReportValue.number(v))\(name)")
            }
        }
        return lines
    }
}
