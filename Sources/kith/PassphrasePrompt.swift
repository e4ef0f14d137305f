import Foundation
import KithCore
import KithSeal
import KithSession

/// Asking for a passphrase on the terminal itself (`/dev/tty`, so standard input stays a
/// script's or a protocol's), without echo, and reading new ones from a file or asked twice.
enum PassphrasePrompt {
    /// Whether there is a terminal to ask on.
    static var hasTerminal: Bool {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        close(fd)
        return true
    }

    /// Asks once, echo off; the line typed, without its line break.
    static func ask(_ prompt: String) throws -> [UInt8] {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw KithError(.invalidInput, "There is no terminal to ask for the passphrase on") }
        defer { close(fd) }
        var saved = termios()
        let canHide = tcgetattr(fd, &saved) == 0
        if canHide {
            var quiet = saved
            // No echo; Ctrl-C arrives as a character (read below as "cancel") rather than as a
            // signal that would end Kith with the terminal left silent.
            quiet.c_lflag &= ~tcflag_t(ECHO | ISIG)
            quiet.c_lflag |= tcflag_t(ECHONL)
            tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer { if canHide { tcsetattr(fd, TCSAFLUSH, &saved) } }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != 0x0A {
            if byte == 0x03 || (byte == 0x04 && line.isEmpty) {
                _ = write(fd, "\n", 1)
                throw KithError(.invalidInput, "Cancelled; nothing was changed.")
            }
            line.append(byte)  // read to the line's end even past the limit, so no rest is left
        }
        if line.last == 0x0D { line.removeLast() }
        guard line.count <= 4096 else {
            throw KithError(.invalidInput, "That passphrase is over 4 KiB; nothing was changed.")
        }
        return line
    }

    /// The unlock every command opens stores with: the kept key, the passphrase file, or the
    /// terminal (when there is one).
    static func unlock(passphraseFile: String?, store: String) -> StoreUnlock {
        let prompt = "Passphrase for \(store): "
        var asking: (@Sendable () throws -> [UInt8])?
        if hasTerminal { asking = { @Sendable in try PassphrasePrompt.ask(prompt) } }
        return StoreKeys.once(
            StoreKeys.unlock(
                passphraseFile: passphraseFile, environment: ProcessInfo.processInfo.environment, ask: asking))
    }

    /// A new passphrase: from `file` (or `$KITH_PASSPHRASE_FILE` when `useEnvironment`), else
    /// asked twice on the terminal. At least 8 characters; the two must match.
    static func new(file: String?, useEnvironment: Bool = true) throws -> [UInt8] {
        let environment = ProcessInfo.processInfo.environment
        let named =
            file ?? (useEnvironment ? environment["KITH_PASSPHRASE_FILE"].flatMap { $0.isEmpty ? nil : $0 } : nil)
        let passphrase: [UInt8]
        if let named {
            passphrase = try StoreKeys.passphrase(fromFile: named)
        } else {
            guard hasTerminal else {
                throw KithError(
                    .invalidInput,
                    "A new passphrase is needed: give it in a file (--passphrase-file FILE, mode 600), or run in a terminal to be asked"
                )
            }
            passphrase = try ask("New passphrase: ")
            guard try ask("The same again: ") == passphrase else {
                throw KithError(.invalidInput, "The two passphrases differ; nothing was changed. Run it again.")
            }
        }
        guard String(decoding: passphrase, as: UTF8.self).count >= 8 else {
            throw KithError(
                .invalidInput, "A passphrase needs at least 8 characters (a few words is best); nothing was changed.")
        }
        return passphrase
    }

    /// A new key under a new passphrase (from `file`, else asked twice), at this machine's
    /// scrypt cost; with `recovery`, a recovery key too.
    static func newKey(file: String?, recovery: Bool) throws -> (SealHeader, SealKey, RecoveryKey?) {
        try SealHeader.create(passphrase: try new(file: file), logN: try cost(), recovery: recovery)
    }

    /// scrypt's cost for new passphrases: about a second on this machine, or
    /// `$KITH_SCRYPT_LOG_N` (17 to 20) to fix it (batch set-up on slow machines).
    static func cost() throws -> UInt8 {
        if let text = ProcessInfo.processInfo.environment["KITH_SCRYPT_LOG_N"], !text.isEmpty {
            guard let n = UInt8(text), (ScryptParameters.lowestLogN...ScryptParameters.highestLogN).contains(n) else {
                throw KithError(.invalidInput, "KITH_SCRYPT_LOG_N must be a whole number from 17 to 20, got '\(text)'")
            }
            return n
        }
        return try ScryptParameters.tuned()
    }
}
