import Crypto
import Foundation
import _CryptoExtras

/// The passphrase KDF's parameters, stored in each sealed file so they can be raised later.
public struct ScryptParameters: Equatable, Sendable {
    /// log2 of scrypt's N (its cost in memory and time).
    public let logN: UInt8
    public let r: UInt8
    public let p: UInt8
    public let salt: [UInt8]

    /// Never written below 2^17 (128 MiB with r = 8); never read above 2^20 (1 GiB): a file
    /// asking for more is refused before any memory is spent.
    public static let lowestLogN: UInt8 = 17
    public static let highestLogN: UInt8 = 20

    public init(logN: UInt8, r: UInt8 = 8, p: UInt8 = 1, salt: [UInt8]) throws {
        guard (Self.lowestLogN...Self.highestLogN).contains(logN), r == 8, p == 1, salt.count == 16 else {
            throw SealError.unsupported("scrypt N=2^\(logN), r=\(r), p=\(p) (Kith reads 2^17 to 2^20, r=8, p=1)")
        }
        (self.logN, self.r, self.p, self.salt) = (logN, r, p, salt)
    }

    /// New parameters with a fresh salt.
    public static func fresh(logN: UInt8) throws -> ScryptParameters {
        try ScryptParameters(logN: logN, salt: SealRandom.bytes(16))
    }

    /// The key-encryption key for `passphrase`.
    func derive(_ passphrase: [UInt8]) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(
            from: passphrase, salt: salt, outputByteCount: 32, rounds: 1 << Int(logN), blockSize: Int(r),
            parallelism: Int(p))
    }

    /// The cost that takes about `target` seconds here, never below 2^17: one derivation at
    /// 2^17 is timed and doubled from there (each step doubles the time).
    public static func tuned(target: Double = 1.0) throws -> UInt8 {
        let probe = try fresh(logN: lowestLogN)
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try probe.derive(Array("kith tuning".utf8))
        var seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var logN = lowestLogN
        while logN < highestLogN - 1, seconds * 2 <= target * 1.4 {
            logN += 1
            seconds *= 2
        }
        return logN
    }
}

/// Random bytes from the system's generator (through swift-crypto).
public enum SealRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }
}
