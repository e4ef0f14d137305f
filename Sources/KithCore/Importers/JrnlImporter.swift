import Foundation

/// jrnl's JSON export: `{"tags": {...}, "entries": [{title, body, date, time, tags, starred}]}`.
/// Title and body become the text, `@tags` tags, and starred entries get the tag `starred`.
public enum JrnlImporter {
    private struct Export: Decodable {
        struct Entry: Decodable {
            var title: String?
            var body: String?
            var date: String
            var time: String?
            var tags: [String]?
            var starred: Bool?
        }
        var entries: [Entry]
    }

    /// Parses the file into a plan; times are local to `timeZone`.
    public static func plan(_ text: String, file: String, timeZone: TimeZone) throws -> ImportPlan {
        let export: Export
        do {
            export = try JSONDecoder().decode(Export.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw KithError(
                .invalidInput, "\(file) is not a jrnl JSON export: \(describe(error)); nothing was imported")
        }
        var plan = ImportPlan()
        plan.entries.reserveCapacity(export.entries.count)
        var local = KithTime.LocalInstants(timeZone: timeZone)
        for (i, e) in export.entries.enumerated() {
            do {
                let day = try KithTime.parseDate(e.date, field: "entries[\(i)].date")
                var seconds = 9 * 3600
                if let time = e.time, !time.isEmpty {
                    let parts = time.split(separator: ":").compactMap { Int($0) }
                    guard parts.count >= 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
                        throw KithError.invalid("entries[\(i)].time", "must be like \"09:30\", got \"\(time)\"")
                    }
                    seconds = parts[0] * 3600 + parts[1] * 60
                }
                var entry = NewJournalEntry()
                entry.at = KithTime.formatInstant(local.instant(day: day, secondsOfDay: seconds))
                entry.text = [e.title, e.body].compactMap { $0.map(TextInput.trimmed) }.filter { !$0.isEmpty }
                    .joined(separator: "\n")
                entry.tags = (e.tags ?? []).compactMap(tag) + (e.starred == true ? ["starred"] : [])
                plan.entries.append(.init(entry: entry, line: i + 1))
            } catch {
                throw KithError(
                    .invalidInput,
                    "\(file): entry \(i + 1): \((error as? KithError)?.description ?? "\(error)"); nothing was imported"
                )
            }
        }
        return plan
    }

    /// jrnl's `@tag` (or `#tag`) as a Kith tag: lower case, words joined by '-'; nil if empty.
    static func tag(_ text: String) -> String? {
        let t: String
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, byte by byte: an import of a million entries meets a few million tags.
            let words = text.utf8.split { b in
                !(0x30...0x39).contains(b) && !(0x41...0x5A).contains(b) && !(0x61...0x7A).contains(b)
            }
            t = words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "-").lowercased()
        } else {
            t = text.trimmingCharacters(in: CharacterSet(charactersIn: "@# ")).lowercased()
                .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
        }
        return t.isEmpty ? nil : t
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let c):
            return "missing '\(key.stringValue)' at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c):
            return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted(let c): return c.underlyingError.map { "\($0.localizedDescription)" } ?? c.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
