import Foundation
import KithCore

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
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { TextColumns.width(of: $0[i]) }.max() ?? 0 }
        for row in all {
            let cells = row.indices.map { i in i == row.count - 1 ? row[i] : padded(row[i], to: widths[i]) }
            print(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func padded(_ text: String, to columns: Int) -> String { TextColumns.padded(text, to: columns) }

    /// "today", "yesterday", "12 days ago" for an instant, on the store's clock.
    static func daysAgo(_ instant: String, clock: KithClock) -> String {
        guard let seconds = try? KithTime.parseInstant(instant, field: "at") else { return instant }
        let days = clock.today - KithTime.localDay(of: seconds, timeZone: clock.timeZone)
        switch days {
        case ..<0: return "in \(-days) days"
        case 0: return "today"
        case 1: return "yesterday"
        default: return "\(days) days ago"
        }
    }

    /// An instant shown in local time, `2026-03-01 09:30`.
    static func local(_ instant: String, clock: KithClock) -> String {
        guard let seconds = try? KithTime.parseInstant(instant, field: "at") else { return instant }
        let local = seconds + Int64(clock.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
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
    static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : many ?? one + "s")
    }
}
