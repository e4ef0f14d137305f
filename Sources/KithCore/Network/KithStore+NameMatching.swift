import Foundation
import GRDB

extension KithStore {
    /// Someone as a person types them on a command line: `#12` or `12` (an id, unless someone
    /// is named "12"), an exact name, the same name in any case and without accents ("zoe" for
    /// "Zoë"), or the start of exactly one name ("sam" for "Sam Ortiz"). A start shared by
    /// several names is refused, listing them with their ids. Scripts and plugins keep exact
    /// names (`kith.people.get("Bo")` must never answer with "Bob").
    ///
    /// `allowingStart: false` (for deleting someone) asks for the whole name, in any case.
    public func resolvePerson(typed text: String, field: String = "person", allowingStart: Bool = true) throws
        -> PersonReference
    {
        let typed = text.trimmingCharacters(in: .whitespaces)
        if typed.hasPrefix("#"), let id = Int64(typed.dropFirst()) { return .id(id) }
        let key = Self.foldedName(typed)
        // Through the indexed folded name: no one is read but those who could be meant.
        let (exact, same, starts) = try read { db -> (Int64?, [Row], [Row]) in
            let exact = try Int64.fetchOne(
                db, sql: "SELECT id FROM person WHERE name = ?",
                arguments: [typed.precomposedStringWithCanonicalMapping])
            let same = try Row.fetchAll(
                db, sql: "SELECT id, name FROM person WHERE name_key = ? LIMIT 11", arguments: [key])
            let starts =
                allowingStart && !key.isEmpty
                ? try Row.fetchAll(
                    db, sql: "SELECT id, name FROM person WHERE name_key > ? AND name_key < ? LIMIT 11",
                    arguments: [key, key + "\u{FFFF}"])
                : []
            return (exact, same, starts)
        }
        if let exact { return .id(exact) }
        if same.count == 1 { return .id(same[0]["id"]) }
        if same.isEmpty, let id = Int64(typed), id > 0 { return .id(id) }
        let candidates = same.isEmpty ? starts : same
        if candidates.count == 1 { return .id(candidates[0]["id"]) }
        if candidates.count > 1 {
            let names = candidates.map { ($0["name"] as String, $0["id"] as Int64) }.sorted { $0.0 < $1.0 }
                .prefix(10).map { "\($0.0) (#\($0.1))" }.joined(separator: ", ")
            let count = candidates.count > 10 ? "more than 10" : "\(candidates.count)"
            throw KithError(
                .conflict, field: field,
                "\(quoted(typed)) could be \(count) people: \(names); give more of the name, or the #id")
        }
        return .name(typed)  // the store's own message says no one has that name
    }

    /// A name compared as people read it: case, accents and repeated spaces ignored.
    static func foldedName(_ name: String) -> String {
        // Most names are ASCII, and Foundation's folding is slow enough to show in an import.
        let folded =
            name.utf8.allSatisfy { $0 < 0x80 }
            ? name.lowercased()
            : name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
