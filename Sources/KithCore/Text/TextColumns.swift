import Foundation

/// Text laid out in columns on a terminal: what a table pads by.
public enum TextColumns {
    /// `text` followed by spaces up to `columns`, never cut: Foundation's padding(toLength:)
    /// counts UTF-16 units, and so cut `Zoë 🌻` in half.
    public static func padded(_ text: String, to columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - width(of: text)))
    }

    /// The columns `text` takes on a terminal: two for emoji and East Asian wide characters,
    /// one for any other character (a letter with its accents is one character).
    public static func width(of text: String) -> Int {
        text.reduce(0) { total, character in
            guard let scalar = character.unicodeScalars.first else { return total }
            let v = scalar.value
            let wide =
                scalar.properties.isEmojiPresentation || character.unicodeScalars.contains { $0.value == 0xFE0F }
                || (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return total + (wide ? 2 : 1)
        }
    }
}
