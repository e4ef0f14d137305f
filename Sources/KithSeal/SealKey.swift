import Crypto
import Foundation

/// A sealed file's data key: random, 256 bits, wrapped by the passphrase (and by a recovery
/// key), never written anywhere in the clear.
/// SymmetricKey is immutable; swift-crypto does not mark it Sendable on every platform.
public struct SealKey: @unchecked Sendable {
    let key: SymmetricKey

    init(_ key: SymmetricKey) { self.key = key }

    /// A new random key.
    static func random() -> SealKey { SealKey(SymmetricKey(size: .bits256)) }

    /// A key kept elsewhere (the kernel keyring); nil unless 32 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        key = SymmetricKey(data: bytes)
    }

    /// The key's bytes, for the operating system's secret store only.
    public func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try key.withUnsafeBytes(body)
    }

    /// A subkey for one purpose (HKDF-SHA256).
    func derive(_ purpose: String, salt: [UInt8] = []) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, salt: salt, info: Array("kith-seal v1 \(purpose)".utf8), outputByteCount: 32)
    }
}

/// The recovery key a person writes down: 32 random bytes, shown as 13 groups of 4 letters
/// and digits (base32), read back in any case with or without the dashes.
public struct RecoveryKey: Sendable, CustomStringConvertible {
    let bytes: [UInt8]
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    init(bytes: [UInt8]) { self.bytes = bytes }

    static func random() -> RecoveryKey { RecoveryKey(bytes: SealRandom.bytes(32)) }

    /// Reads a written-down key; nil when it is not one.
    public init?(text: String) {
        var bits = 0, value = 0, out: [UInt8] = []
        for ch in text.lowercased() where ch != "-" && ch != " " {
            guard let digit = Self.alphabet.firstIndex(of: ch) else { return nil }
            value = (value << 5 | digit) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((value >> bits) & 0xFF))
            }
        }
        guard out.count == 32 else { return nil }
        bytes = out
    }

    public var description: String {
        var letters: [Character] = [], bits = 0, value = 0
        for byte in bytes {
            value = (value << 8 | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 5 {
                bits -= 5
                letters.append(Self.alphabet[(value >> bits) & 31])
            }
        }
        if bits > 0 { letters.append(Self.alphabet[(value << (5 - bits)) & 31]) }
        return stride(from: 0, to: letters.count, by: 4).map { String(letters[$0..<min($0 + 4, letters.count)]) }
            .joined(separator: "-")
    }

    /// The key-encryption key it stands for.
    var wrappingKey: SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: bytes), info: Array("kith-seal v1 recovery".utf8),
            outputByteCount: 32)
    }
}
