import Foundation

/// Text from elsewhere (a bundle, a share) shown to a person deciding or reading: one line, no
/// control or formatting characters (a terminal escape could erase a warning, a line break
/// forge one of Kith's own lines).
public enum PlainText {
    /// Whether `text` holds a control, formatting (bidi) or line-separating character: what
    /// could redraw a terminal or show one thing while meaning another.
    public static func hasHiddenCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
        }
    }

    public static func line(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map {
                    [.control, .format, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
                        ? "?" : $0
                }))
    }
}
