import Foundation
import KithCore

/// One self-contained HTML file: no scripts, no network; readable on a phone and in print;
/// charts and the convoy diagram as inline SVG (ChartSVG, ConvoySVG).
enum HTMLReportRenderer {
    static func render(_ d: ReportDocument) -> String {
        var body = ["<h1>\(escape(d.title))</h1>"]
        var figures = 0  // numbers each SVG, for ids unique in the page
        for block in d.blocks {
            switch block {
            case .heading(let text): body.append("<h2>\(escape(text))</h2>")
            case .text(let text): body.append("<p>\(escape(text))</p>")
            case .metric(let label, let value, let note):
                body.append(
                    "<div class=\"metric\"><span class=\"label\">\(escape(label))</span> <span class=\"value\">\(escape(value.description))</span>"
                        + (note.map { " <span class=\"note\">\(escape($0))</span>" } ?? "") + "</div>")
            case .list(let items): body.append("<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
            case .contacts(let people):
                body.append(
                    "<ul class=\"contacts\">"
                        + people.map { c in
                            "<li><strong>\(escape(c.name))</strong>"
                                + (c.phone.map { " <a href=\"tel:\(escape(CrisisLine.dial($0)))\">\(escape($0))</a>" }
                                    ?? "")
                                + (c.note.map { " <span class=\"note\">\(escape($0))</span>" } ?? "") + "</li>"
                        }.joined() + "</ul>")
            case .table(let columns, let rows):
                let head = "<tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
                let cells = rows.map { row in "<tr>" + row.map { cell(for: $0) }.joined() + "</tr>" }.joined()
                body.append("<div class=\"table\"><table><thead>\(head)</thead><tbody>\(cells)</tbody></table></div>")
            case .chart(let kind, let title, let x, let series, let yRange, let bands):
                figures += 1
                body.append(
                    ChartSVG(
                        kind: kind, title: title, x: x, series: series, yRange: yRange, bands: bands, number: figures
                    ).svg)
            case .convoy(let people):
                figures += 1
                body.append(ConvoySVG(people: people, number: figures).svg)
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
