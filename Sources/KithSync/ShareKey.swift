import Crypto
import Foundation
import KithCore
import KithSeal

/// A recipient's key pair for shares (X25519). The private half stays in a file readable by
/// its owner alone; the public half is handed out as text: "kithpub-" and base32 of the key
/// and a 4-byte checksum, so a mistyped or cut key is caught before anything is written.
public struct ShareKey: @unchecked Sendable {  // the key is immutable
    let privateKey: Curve25519.KeyAgreement.PrivateKey

    public var publicText: String { Self.text(privateKey.publicKey) }

    static let prefix = "kithpub-"
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// The first 8 bytes of the public key's SHA-256, in hex: what a share says it is for.
    static func fingerprint(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        SHA256.hash(data: key.rawRepresentation).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public var fingerprint: String { Self.fingerprint(privateKey.publicKey) }

    /// A public key's fingerprint, as `fingerprint` gives it for the key pair.
    public static func fingerprint(of key: Curve25519.KeyAgreement.PublicKey) -> String { fingerprint(key) }

    static func text(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        let raw = Array(key.rawRepresentation)
        let bytes = raw + Array(SHA256.hash(data: raw).prefix(4))
        var letters: [Character] = []
        var bits = 0
        var value = 0
        for byte in bytes {
            value = (value << 8 | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                bits -= 5
                letters.append(alphabet[(value >> bits) & 31])
            }
        }
        if bits > 0 { letters.append(alphabet[(value << (5 - bits)) & 31]) }
        return prefix + String(letters)
    }

    /// A public key from its text; an error saying what is wrong with it.
    public static func publicKey(_ text: String) throws -> Curve25519.KeyAgreement.PublicKey {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard trimmed.hasPrefix(prefix), trimmed.count < 200 else {
            throw KithError.invalid(
                "to", "must be a share key starting with \(prefix) (the recipient prints it with their share keys)")
        }
        let letters = trimmed.dropFirst(prefix.count)
        guard letters.count == 58 else {
            throw KithError.invalid(
                "to",
                "is not a whole share key (it has \(letters.count) letters after \(prefix), not 58); copy it again")
        }
        var bits = 0
        var value = 0
        var out: [UInt8] = []
        for ch in letters {
            guard let digit = alphabet.firstIndex(of: ch) else {
                throw KithError.invalid("to", "has a character a share key never has ('\(ch)'); copy it again")
            }
            value = (value << 5 | digit) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((value >> bits) & 0xFF))
            }
        }
        guard out.count == 36, Array(SHA256.hash(data: out.prefix(32)).prefix(4)) == Array(out.suffix(4)),
            let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: out.prefix(32))
        else {
            throw KithError.invalid("to", "is not a whole share key (a character is wrong or missing); copy it again")
        }
        // Its last letter carries 3 unused bits: only the one spelling Kith prints is taken.
        guard Self.text(key) == trimmed else {
            throw KithError.invalid("to", "is not a whole share key (its last letter is wrong); copy it again")
        }
        return key
    }

    /// The key pair kept at `path`, made there (mode 0600) when `creating` and there is none.
    /// A key file that is there but cannot be read, is not a plain file, or can be read by
    /// others is refused, never replaced: a new key would leave every share made for the old
    /// one unreadable.
    public static func load(_ path: String, creating: Bool = false) throws -> (key: ShareKey, made: Bool) {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw KithError(
                    .invalidInput, "\(path) is not a plain file, so it is not a share key; nothing was changed")
            }
            guard info.st_mode & 0o077 == 0 else {
                throw KithError(
                    .invalidInput,
                    "\(path) can be read by others (mode \(String(info.st_mode & 0o777, radix: 8))): make it readable by you alone (chmod 600 \(path))"
                )
            }
            guard let data = try DurableFile.readRegular(path, limit: 4096, what: path) else {
                throw KithError(.notFound, "\(path) went away while being read")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("kithkey-"), let raw = Data(base64Encoded: String(text.dropFirst(8))),
                let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
            else { throw KithError(.invalidInput, "\(path) is not a Kith share key file; nothing was changed") }
            return (ShareKey(privateKey: key), false)
        }
        guard errno == ENOENT else {
            throw KithError(
                .storage, "\(path) cannot be read (\(String(cString: strerror(errno)))); nothing was changed")
        }
        guard creating else {
            throw KithError(.notFound, "There is no share key at \(path): make one first, or give the file it is in")
        }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Written beside, then linked in place: link() never replaces a key made meanwhile.
        let temporary = path + ".tmp-" + SyncDevice.random()
        try DurableFile.write(
            Data(("kithkey-" + key.rawRepresentation.base64EncodedString() + "\n").utf8), to: temporary,
            through: temporary + ".w"
        ) { "Could not write \(path) (\($0))" }
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return try load(path) }
            throw KithError(.storage, "Could not write \(path) (\(String(cString: strerror(errno))))")
        }
        return (ShareKey(privateKey: key), true)
    }

    /// Where a person's share key lives unless they name another file.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        KithPaths.dataHome(environment: environment) + "/share-key"
    }
}
