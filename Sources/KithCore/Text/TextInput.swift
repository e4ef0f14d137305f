import Foundation

/// Checks and normalises text on its way into the store: NFC (so "é" typed two ways is one
/// name), surrounding whitespace trimmed where asked, bounded in size.
public enum TextInput {
    /// Largest text Kith accepts in one field (a very long journal entry is far smaller).
    static let maxBytes = 1 << 20

    /// `text` in stored form: NFC, no NUL, at most `maxBytes`, trimmed when asked, not empty
    /// unless allowed; an error naming `field` otherwise.
    public static func clean(_ text: String, field: String, trim: Bool = false, allowEmpty: Bool = true) throws
        -> String
    {
        // ASCII is already NFC and trims byte by byte: skipping Foundation matters for imports.
        let ascii = text.utf8.allSatisfy { $0 < 0x80 }
        var s = ascii ? text : text.precomposedStringWithCanonicalMapping
        if trim { s = ascii ? trimmedASCII(s) : s.trimmingCharacters(in: .whitespacesAndNewlines) }
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

    /// Text without the whitespace around it (byte by byte when it is ASCII).
    static func trimmed(_ s: String) -> String {
        s.utf8.allSatisfy { $0 < 0x80 } ? trimmedASCII(s) : s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Space, tab, and the ASCII line and page breaks: what Foundation trims in ASCII text.
    private static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }

    /// ASCII text without the whitespace around it.
    private static func trimmedASCII(_ s: String) -> String {
        let bytes = s.utf8
        guard let first = bytes.firstIndex(where: { !isASCIISpace($0) }),
            let last = bytes.lastIndex(where: { !isASCIISpace($0) })
        else { return "" }
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return s }
        return String(s[first...last])
    }

    static func tag(_ text: String) throws -> String {
        // `#group` as people write tags elsewhere is the tag `group`.
        var s = try clean(text, field: "tags", trim: true, allowEmpty: false).lowercased()
        while s.hasPrefix("#") { s.removeFirst() }
        if s.isEmpty { throw KithError.invalid("tags", "must be a word, got \(quoted(text))") }
        let spaced =
            s.utf8.allSatisfy { $0 < 0x80 }
            ? s.utf8.contains { $0 == 0x2C || isASCIISpace($0) }
            : s.contains { $0.isWhitespace || $0 == "," }
        if spaced {
            throw KithError.invalid("tags", "must be single words without spaces or commas, got \(quoted(s))")
        }
        return s
    }
}
