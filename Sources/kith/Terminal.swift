import Foundation

/// What the CLI writes to a terminal. Names, journal text, plugin output and errors come from
/// data a plugin or an import may have written: on a terminal their control characters and
/// escape sequences are shown escaped (`\x1b`), so no text can move the cursor, rewrite a
/// line, retitle the window or hide what Kith printed. Pipes and files get the text as it is,
/// and JSON escapes control characters itself.
enum Terminal {
    static let stdoutIsTTY = isatty(1) == 1
    static let stderrIsTTY = isatty(2) == 1

    /// `text` as shown on a terminal (unchanged when `tty` is false).
    static func shown(_ text: String, tty: Bool) -> String {
        guard tty, text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                out += scalar.value < 0x100 ? "\\x" + hex(scalar.value, 2) : "\\u{" + hex(scalar.value, 4) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides that
    /// can make a line read differently from its bytes.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return false
        case 0..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Writes a message to standard error, escaped when it is a terminal.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(shown(text, tty: stderrIsTTY).utf8))
    }
}

/// Every `print` in the CLI: on a terminal, data's control characters are shown escaped.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator) + terminator
    Swift.print(Terminal.shown(text, tty: Terminal.stdoutIsTTY), terminator: "")
}
