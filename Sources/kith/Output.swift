import Foundation
import KithCore
import KithReports

/// Printing helpers shared by commands: JSON, aligned tables, and relative days.
enum Output {
    /// Prints a value as pretty, key-sorted JSON.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows under a header with columns padded to line up.
    static func table(_ header: [String], _ rows: [[String]]) {
        for (n, line) in TextTable.lines(header, rows).enumerated() {
            if n == 0 { Terminal.output(line, style: .bold); print("") } else { print(line) }
        }
    }

    /// `text` wrapped to the terminal's width at spaces, each line after the first starting
    /// with `indent`, on a terminal; as it is elsewhere (a program reads whole lines).
    static func wrapped(_ text: String, indent: String) -> String {
        guard Terminal.stdoutIsTTY else { return text.replacingOccurrences(of: "\n", with: "\n" + indent) }
        let width = max(Terminal.size.columns - 1, indent.count + 20)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = "", lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let w = TextColumns.width(of: String(word))
                if lineWidth > 0 && indent.count + lineWidth + 1 + w > width {
                    lines.append(line)
                    line = String(word)
                    lineWidth = w
                } else {
                    line += (lineWidth > 0 || !line.isEmpty ? " " : "") + word
                    lineWidth += (lineWidth > 0 ? 1 : 0) + w
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n" + indent)
    }

    static func padded(_ text: String, to columns: Int) -> String { TextColumns.padded(text, to: columns) }

    /// "today", "yesterday", "12 days ago" for an instant, on the store's clock.
    static func daysAgo(_ instant: String, clock: KithClock) -> String {
        guard let seconds = try? KithTime.parseInstant(instant, field: "at") else { return instant }
        let days = clock.today - KithTime.localDay(of: seconds, timeZone: clock.timeZone)
        switch days {
        case -1: return "tomorrow"
        case ..<0: return "in \(-days) days"
        case 0: return "today"
        case 1: return "yesterday"
        default: return "\(days) days ago"
        }
    }

    /// An instant shown in local time, `2026-03-01 09:30`.
    static func local(_ instant: String, clock: KithClock) -> String {
        guard let seconds = try? KithTime.parseInstant(instant, field: "at") else { return instant }
        let local =
            seconds + Int64(clock.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let text = KithTime.formatInstant(local)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}

extension Output {
    /// An identifier as words: `significant_other` reads "significant other".
    static func words(_ identifier: String) -> String {
        identifier.replacingOccurrences(of: "_", with: " ")
    }

    /// "1 person", "3 people": a count with its noun in the right number.
    static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String { Plural.count(n, one, many) }
}
