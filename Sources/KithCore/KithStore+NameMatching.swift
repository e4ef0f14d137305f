import Foundation
import GRDB

extension KithStore {
    /// Someone as a person types them on a command line: `#12` or `12` (an id, unless someone
    /// is named "12"), an exact name, the same name in any case and without accents ("zoe" for
    /// "Zoë"), or the start of exactly one name ("sam" for "Sam Ortiz"). A start shared by
    /// several names is refused, listing them with their ids. Scripts and plugins keep exact
    /// names (`kith.people.get("Bo")` must never answer with "Bob").
    public func resolvePerson(typed text: String, field: String = "person") throws -> PersonReference {
        let typed = text.trimmingCharacters(in: .whitespaces)
        if typed.hasPrefix("#"), let id = Int64(typed.dropFirst()) { return .id(id) }
        let everyone = try people(PeopleFilter(archived: nil))
        let exact = typed.precomposedStringWithCanonicalMapping
        if let person = everyone.first(where: { $0.name == exact }) { return .id(person.id) }
        let key = Self.foldedName(typed)
        let same = everyone.filter { Self.foldedName($0.name) == key }
        if same.count == 1 { return .id(same[0].id) }
        if same.isEmpty, let id = Int64(typed), id > 0 { return .id(id) }
        let candidates = same.isEmpty ? everyone.filter { !key.isEmpty && Self.foldedName($0.name).hasPrefix(key) } : same
        if candidates.count == 1 { return .id(candidates[0].id) }
        if candidates.count > 1 {
            let names = candidates.sorted { $0.name < $1.name }.map { "\($0.name) (#\($0.id))" }.joined(separator: ", ")
            throw KithError(.conflict, field: field, "\(quoted(typed)) could be \(candidates.count) people: \(names); give more of the name, or the #id")
        }
        return .name(typed)   // the store's own message says no one has that name
    }

    /// A name compared as people read it: case, accents and repeated spaces ignored.
    static func foldedName(_ name: String) -> String {
        // Most names are ASCII, and Foundation's folding is slow enough to show in an import.
        let folded = name.utf8.allSatisfy { $0 < 0x80 } ? name.lowercased()
            : name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
