import Foundation

/// Checks and normalises text on its way into the store: NFC (so "é" typed two ways is one
/// name), surrounding whitespace trimmed where asked, bounded in size.
enum TextInput {
    /// Largest text Kith accepts in one field (a very long journal entry is far smaller).
    static let maxBytes = 1 << 20

    static func clean(_ text: String, field: String, trim: Bool = false, allowEmpty: Bool = true) throws -> String {
        // ASCII is already NFC; skipping Foundation's normalisation matters for imports.
        var s = text.utf8.allSatisfy({ $0 < 0x80 }) ? text : text.precomposedStringWithCanonicalMapping
        if trim { s = s.trimmingCharacters(in: .whitespacesAndNewlines) }
        if !allowEmpty && s.isEmpty { throw KithError.invalid(field, "must not be empty") }
        if s.utf8.count > maxBytes { throw KithError.invalid(field, "is longer than \(maxBytes) bytes") }
        if s.utf8.contains(0) { throw KithError.invalid(field, "must not contain NUL characters") }
        return s
    }

    static func cleanOptional(_ text: String?, field: String) throws -> String? {
        guard let text else { return nil }
        let s = try clean(text, field: field, trim: true)
        return s.isEmpty ? nil : s
    }

    static func tag(_ text: String) throws -> String {
        let s = try clean(text, field: "tags", trim: true, allowEmpty: false).lowercased()
        if s.contains(where: { $0.isWhitespace || $0 == "," }) {
            throw KithError.invalid("tags", "must be single words without spaces or commas, got \(quoted(s))")
        }
        return s
    }
}
