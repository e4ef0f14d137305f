import Crypto
import Foundation

/// The head of a sealed file: how the data key is wrapped (by the passphrase through scrypt,
/// and optionally by a recovery key), the file's id and the salt of its payload key. It is
/// authenticated with a key derived from the data key, so nothing in it can be changed
/// without the key.
///
/// Layout (version 1), all lengths fixed:
/// `KITHSEAL` · version 1 · KDF 1 (scrypt) · log2 N · r · p · salt (16) · file id (16) ·
/// payload salt (16) · passphrase wrap (60) · recovery flag (0/1) · recovery wrap (60, if 1) ·
/// HMAC-SHA256 of all of the above (32).
/// A wrap is a ChaCha20-Poly1305 nonce (12), the sealed data key (32) and its tag (16),
/// authenticated with the file id.
public struct SealHeader: Equatable, Sendable {
    public internal(set) var kdf: ScryptParameters
    var passphraseWrap: [UInt8]
    var recoveryWrap: [UInt8]?
    /// Random, set once: names the file's key in the operating system's secret store.
    public let fileID: [UInt8]
    var payloadSalt: [UInt8]

    public static let magic = Array("KITHSEAL".utf8)
    static let version: UInt8 = 1
    static let wrapSize = 60
    static let macSize = 32

    /// The header's MAC in a sealed file: it changes with every write (the payload salt is
    /// fresh), so it tells whether another process wrote the file since.
    public static func mac(of file: UnsafeRawBufferPointer) throws -> [UInt8] {
        let header = try read(file)
        guard file.count >= header.size else { throw SealError.damaged("the file ends inside its header") }
        return Array(file[(header.size - macSize)..<header.size])
    }

    /// Whether a recovery key can open it.
    public var hasRecoveryKey: Bool { recoveryWrap != nil }

    /// The header's size in the file, with its MAC.
    var size: Int { 122 + (recoveryWrap == nil ? 0 : Self.wrapSize) + Self.macSize }

    /// A new file's header and data key; with `recovery`, a recovery key that opens it too.
    public static func create(passphrase: [UInt8], logN: UInt8, recovery: Bool) throws -> (
        SealHeader, SealKey, RecoveryKey?
    ) {
        let key = SealKey.random()
        let fileID = SealRandom.bytes(16)
        let kdf = try ScryptParameters.fresh(logN: logN)
        let recoveryKey = recovery ? RecoveryKey.random() : nil
        let header = SealHeader(
            kdf: kdf, passphraseWrap: try wrap(key, with: kdf.derive(passphrase), fileID: fileID),
            recoveryWrap: try recoveryKey.map { try wrap(key, with: $0.wrappingKey, fileID: fileID) },
            fileID: fileID, payloadSalt: SealRandom.bytes(16))
        return (header, key, recoveryKey)
    }

    /// The data key, from the passphrase (scrypt with the stored parameters).
    public func unwrap(passphrase: [UInt8]) throws -> SealKey {
        try Self.unwrap(passphraseWrap, with: kdf.derive(passphrase), fileID: fileID)
    }

    /// The data key, from the recovery key.
    public func unwrap(recoveryKey: RecoveryKey) throws -> SealKey {
        guard let recoveryWrap else { throw SealError.wrongPassphrase }
        return try Self.unwrap(recoveryWrap, with: recoveryKey.wrappingKey, fileID: fileID)
    }

    static func wrap(_ key: SealKey, with kek: SymmetricKey, fileID: [UInt8]) throws -> [UInt8] {
        let box = try key.withBytes { bytes in
            try ChaChaPoly.seal(Array(bytes), using: kek, authenticating: wrapContext(fileID))
        }
        return Array(box.combined)
    }

    static func unwrap(_ wrap: [UInt8], with kek: SymmetricKey, fileID: [UInt8]) throws -> SealKey {
        do {
            let box = try ChaChaPoly.SealedBox(combined: wrap)
            let bytes = try ChaChaPoly.open(box, using: kek, authenticating: wrapContext(fileID))
            guard let key = SealKey(bytes: Array(bytes)) else { throw SealError.wrongPassphrase }
            return key
        } catch {
            throw SealError.wrongPassphrase
        }
    }

    private static func wrapContext(_ fileID: [UInt8]) -> [UInt8] { Array("kith-seal v1 key".utf8) + fileID }

    /// The header's bytes without its MAC.
    var body: [UInt8] {
        var out = Self.magic + [Self.version, 1, kdf.logN, kdf.r, kdf.p] + kdf.salt + fileID + payloadSalt
        out += passphraseWrap
        if let recoveryWrap { out += [1] + recoveryWrap } else { out.append(0) }
        return out
    }

    /// The header's bytes with its MAC.
    func encoded(_ key: SealKey) -> [UInt8] { body + Self.mac(body, key) }

    static func mac(_ body: [UInt8], _ key: SealKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: body, using: key.derive("header")))
    }

    /// Reads a header from the start of `file` (its MAC is checked once the key is known).
    public static func read(_ file: UnsafeRawBufferPointer) throws -> SealHeader {
        guard file.count >= magic.count, Array(file[0..<magic.count]) == magic else {
            throw SealError.damaged("not a Kith sealed file")
        }
        guard file.count >= 122 + macSize else { throw SealError.damaged("the file ends inside its header") }
        guard file[8] == version else { throw SealError.unsupported("sealed file version \(file[8])") }
        guard file[9] == 1 else { throw SealError.unsupported("key derivation \(file[9])") }
        let bytes = Array(file[0..<min(file.count, 122 + wrapSize + macSize)])
        let kdf = try ScryptParameters(logN: bytes[10], r: bytes[11], p: bytes[12], salt: Array(bytes[13..<29]))
        let flag = bytes[121]
        guard flag <= 1 else { throw SealError.damaged("its header is altered") }
        guard flag == 0 || bytes.count >= 122 + wrapSize + macSize else {
            throw SealError.damaged("the file ends inside its header")
        }
        return SealHeader(
            kdf: kdf, passphraseWrap: Array(bytes[61..<121]),
            recoveryWrap: flag == 1 ? Array(bytes[122..<182]) : nil, fileID: Array(bytes[29..<45]),
            payloadSalt: Array(bytes[45..<61]))
    }

    /// Checks the header's MAC in `file` with the data key.
    func verify(_ file: UnsafeRawBufferPointer, _ key: SealKey) throws {
        let macStart = size - Self.macSize
        guard file.count >= size,
            HMAC<SHA256>.isValidAuthenticationCode(
                Array(file[macStart..<size]), authenticating: body, using: key.derive("header"))
        else { throw SealError.damaged("its header was changed") }
    }
}
