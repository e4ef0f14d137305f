import Crypto
import Foundation
import KithCore

/// The signing keys a person trusts, one public key file each, by fingerprint, in their data
/// folder (`trusted-keys/`). Trusting a key once lets bundles it signs install without the
/// unknown-signer question; the permissions question is always asked.
public struct TrustedKeys: Sendable {
    public let folder: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        folder = KithPaths.dataHome(environment: environment) + "/trusted-keys"
    }

    /// The SHA-256 of a raw public key, hex in groups of four: what a person compares with the
    /// one the clinic publishes.
    public static func fingerprint(_ raw: Data) -> String {
        let hex = SHA256.hash(data: raw).map { String(format: "%02x", $0) }.joined()
        return stride(from: 0, to: 32, by: 4).map { i in
            String(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: i + 4)])
        }.joined(separator: ":")
    }

    /// A public key file (from `kith plugins keygen`): its name, raw key and fingerprint.
    public static func read(publicKeyFile path: String) throws -> (name: String, raw: Data, fingerprint: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.utf8.count < 4096 else {
            throw KithError(.notFound, "Could not read the public key \(path).")
        }
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count == 3, lines[0] == "kith-public-key/1", let raw = Data(base64Encoded: lines[2]),
            (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
        else {
            throw KithError(
                .invalidInput, "\(path) is not a Kith public key (the .pub file made with the signing key).")
        }
        return (lines[1], raw, fingerprint(raw))
    }

    /// Trusts the key in `path`; returns its name and fingerprint.
    public func trust(publicKeyFile path: String) throws -> (name: String, fingerprint: String) {
        let key = try Self.read(publicKeyFile: path)
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.contentsOfFile(path).write(
            to: URL(fileURLWithPath: folder + "/" + key.fingerprint.replacingOccurrences(of: ":", with: "") + ".pub"))
        return (key.name, key.fingerprint)
    }

    /// Whether a key with this fingerprint is trusted.
    public func contains(_ fingerprint: String) -> Bool {
        FileManager.default.fileExists(
            atPath: folder + "/" + fingerprint.replacingOccurrences(of: ":", with: "") + ".pub")
    }
}

extension FileManager {
    fileprivate func contentsOfFile(_ path: String) throws -> Data {
        guard let data = contents(atPath: path) else { throw KithError(.notFound, "Could not read \(path).") }
        return data
    }
}
