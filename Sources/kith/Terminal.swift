import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// What the CLI writes to a terminal. Names, journal text, plugin output and errors come from
/// data a plugin or an import may have written: on a terminal their control characters and
/// escape sequences are shown escaped (`\x1b`), so no text can move the cursor, rewrite a
/// line, retitle the window or hide what Kith printed. Pipes and files get the text as it is,
/// and JSON escapes control characters itself. The escaping works on bytes, in chunks, so a
/// flood of control characters costs a copy of one chunk, not four times the text.
enum Terminal {
    static let stdoutIsTTY = isatty(1) == 1
    static let stderrIsTTY = isatty(2) == 1

    /// Hands `text`, escaped, to `sink` in chunks of at most about 64 KiB.
    static func escape(_ text: String, _ sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var chunk: [UInt8] = []
            chunk.reserveCapacity(min(bytes.count * 2, 1 << 16) + 16)
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                let width = sequence(bytes, at: i)
                if width > 0 {
                    appendEscape(scalar(bytes, at: i, width: width), to: &chunk)
                    i += width
                } else {
                    chunk.append(b)
                    i += 1
                }
                // Hand over whole characters only: never between the bytes of one.
                if chunk.count >= 1 << 16, i == bytes.count || bytes[i] & 0xC0 != 0x80 {
                    chunk.withUnsafeBufferPointer(sink)
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { chunk.withUnsafeBufferPointer(sink) }
        }
    }

    /// The length of a control sequence starting at `i` (0 if none): C0 controls but newline
    /// and tab, DEL, C1 controls (U+0080-U+009F, two bytes), and the bidirectional overrides
    /// (U+202A-U+202E, U+2066-U+2069, three bytes) that can make a line read differently.
    private static func sequence(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let x = b[i]
        if x < 0x20 { return x == 0x0A || x == 0x09 ? 0 : 1 }
        if x == 0x7F { return 1 }
        if x == 0xC2, i + 1 < b.count, (0x80...0x9F).contains(b[i + 1]) { return 2 }
        if x == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, (0xAA...0xAE).contains(b[i + 2]) { return 3 }
        if x == 0xE2, i + 2 < b.count, b[i + 1] == 0x81, (0xA6...0xA9).contains(b[i + 2]) { return 3 }
        return 0
    }

    private static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int, width: Int) -> UInt32 {
        switch width {
        case 2: return UInt32(b[i] & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
        case 3: return UInt32(b[i] & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
        default: return UInt32(b[i])
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `\x1b` for a scalar below 0x100, `\u{202e}` above.
    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        if value < 0x100 {
            out.append(UInt8(ascii: "x"))
            out.append(hexDigits[Int(value >> 4)])
            out.append(hexDigits[Int(value & 0xF)])
        } else {
            out.append(contentsOf: Array("u{".utf8))
            for shift in stride(from: 12, through: 0, by: -4) {
                out.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a message to standard error, escaped when it is a terminal.
    static func error(_ text: String) {
        guard stderrIsTTY else { return FileHandle.standardError.write(Data(text.utf8)) }
        escape(text) { chunk in _ = Foundation.write(2, chunk.baseAddress, chunk.count) }
    }

    /// Writes to standard output (buffered, as Swift's print), escaped when it is a terminal.
    static func output(_ text: String) {
        guard stdoutIsTTY else { return Swift.print(text, terminator: "") }
        if Pager.collecting { return escape(text, Pager.collect) }
        // Chunks end on character boundaries, so each is valid UTF-8.
        escape(text) { chunk in Swift.print(String(decoding: chunk, as: UTF8.self), terminator: "") }
    }

    /// Writes `text` in `style` on a terminal that takes colour, plain elsewhere. The style's
    /// sequences are Kith's own; the text is escaped like any other.
    static func output(_ text: String, style: Style) {
        guard colour else { return output(text) }
        raw(style.rawValue)
        output(text)
        raw(Style.reset)
    }

    private static func raw(_ sequence: String) {
        if Pager.collecting { return Array(sequence.utf8).withUnsafeBufferPointer(Pager.collect) }
        Swift.print(sequence, terminator: "")
    }

    /// Kith's few styles: bold for headers, red for what needs attention now.
    enum Style: String {
        case bold = "\u{1B}[1m", alert = "\u{1B}[1;31m"
        static let reset = "\u{1B}[0m"
    }

    /// Colour on standard output: a terminal, `NO_COLOR` unset or empty (no-color.org), and a
    /// `TERM` that is not `dumb`.
    static let colour: Bool = {
        let env = ProcessInfo.processInfo.environment
        return stdoutIsTTY && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }()

    /// The terminal's rows and columns (24 x 80 when it does not say; `COLUMNS` wins).
    static let size: (rows: Int, columns: Int) = {
        var window = winsize()
        let known = ioctl(1, UInt(TIOCGWINSZ), &window) == 0 && window.ws_row > 0 && window.ws_col > 0
        let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        return (known ? Int(window.ws_row) : 24, columns ?? (known ? Int(window.ws_col) : 80))
    }()

    /// Writes all of `bytes` to `fd`, retrying short writes.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard var base = bytes.baseAddress else { return }
        var left = bytes.count
        if fd == 1 { fflush(nil) }
        while left > 0 {
            let n = Foundation.write(fd, base, left)
            if n < 0 { if errno == EINTR { continue }; return }
            base += n
            left -= n
        }
    }
}

/// Every `print` in the CLI: on a terminal, data's control characters are shown escaped.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Terminal.output(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
