import Crypto
import Foundation
import KithCore

/// A bundle's signature: the SHA-256 of every file in it, listed in one manifest, signed with
/// the clinic's Ed25519 key. Any changed, added or removed file is found and named; the
/// signature says the manifest is the signer's. Kept in the bundle as `kith-bundle.sig`.
public struct BundleSignature: Codable, Equatable, Sendable {
    /// The file's name inside a bundle.
    public static let fileName = "kith-bundle.sig"
    static let format = "kith-bundle-signature/1"

    public var format: String
    /// Who signed, as the key says (a clinic's name).
    public var signer: String
    /// The raw Ed25519 public key, base64.
    public var publicKey: String
    /// "sha256-hex  relative/path" lines, sorted by path.
    public var manifest: String
    /// The Ed25519 signature of the manifest's UTF-8 bytes, base64.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case format, signer, publicKey = "public_key", manifest, signature
    }

    /// Signs the bundle folder at `folder` with `key`, writing the signature file into it.
    @discardableResult
    public static func sign(_ folder: String, key: SigningKey) throws -> BundleSignature {
        let manifest = try Manifest.of(folder).text
        let signature = try key.privateKey.signature(for: Data(manifest.utf8))
        let signed = BundleSignature(
            format: format, signer: key.name,
            publicKey: key.privateKey.publicKey.rawRepresentation.base64EncodedString(),
            manifest: manifest, signature: signature.base64EncodedString())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(signed).write(to: URL(fileURLWithPath: folder + "/" + fileName))
        return signed
    }

    /// How a bundle stands: unsigned, or signed (by whom, with which key) and intact.
    public enum Verdict: Equatable, Sendable {
        case unsigned
        case signed(signer: String, fingerprint: String, trusted: Bool)
    }

    /// Checks the bundle at `folder` against its signature: throws naming the first file that
    /// differs from what was signed, or a signature that does not hold.
    public static func verify(_ folder: String, trusted: TrustedKeys) throws -> Verdict {
        let path = folder + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return .unsigned }
        guard let data = FileManager.default.contents(atPath: path), data.count < 16 << 20,
            let signed = try? JSONDecoder().decode(BundleSignature.self, from: data), signed.format == format,
            let raw = Data(base64Encoded: signed.publicKey), let signature = Data(base64Encoded: signed.signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            throw KithError(
                .invalidInput, "\(fileName) is damaged or not a Kith bundle signature; nothing was installed")
        }
        guard key.isValidSignature(signature, for: Data(signed.manifest.utf8)) else {
            throw KithError(
                .invalidInput,
                "the signature does not match its manifest: the bundle was altered; nothing was installed")
        }
        let signedFiles = Manifest(text: signed.manifest).files
        let actual = try Manifest.of(folder).files
        for (file, hash) in actual.sorted(by: { $0.key < $1.key }) {
            guard let expected = signedFiles[file] else {
                throw KithError(.invalidInput, "\(file) was added after the bundle was signed; nothing was installed")
            }
            guard expected == hash else {
                throw KithError(.invalidInput, "\(file) changed after the bundle was signed; nothing was installed")
            }
        }
        if let missing = signedFiles.keys.sorted().first(where: { actual[$0] == nil }) {
            throw KithError(.invalidInput, "\(missing) was removed after the bundle was signed; nothing was installed")
        }
        let fingerprint = TrustedKeys.fingerprint(raw)
        return .signed(signer: signed.signer, fingerprint: fingerprint, trusted: trusted.contains(fingerprint))
    }
}

/// The files of a bundle and their SHA-256, one line each, sorted by path.
struct Manifest {
    var files: [String: String]

    var text: String { files.keys.sorted().map { "\(files[$0]!)  \($0)\n" }.joined() }

    init(text: String) {
        var files: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            files[String(parts[1].drop(while: { $0 == " " }))] = String(parts[0])
        }
        self.files = files
    }

    /// Every regular file under `folder` but the signature. A link, a device or a file over
    /// 16 MiB is refused: a bundle holds plain files.
    static func of(_ folder: String) throws -> Manifest {
        let fm = FileManager.default
        var files: [String: String] = [:]
        guard let walker = fm.enumerator(atPath: folder) else {
            throw KithError(.notFound, "Could not read \(folder).")
        }
        while let relative = walker.nextObject() as? String {
            if relative == BundleSignature.fileName { continue }
            let path = folder + "/" + relative
            let attributes = try fm.attributesOfItem(atPath: path)
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?: continue
            case .typeRegular?:
                guard (attributes[.size] as? Int ?? 0) <= 16 << 20 else {
                    throw KithError(.invalidInput, "\(relative) is over 16 MiB; a bundle holds plugins' code and data")
                }
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                files[relative] = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            default:
                throw KithError(
                    .invalidInput, "\(relative) is not a plain file (a link?); a bundle holds plain files only")
            }
        }
        return Manifest(files: files)
    }

    init(files: [String: String]) { self.files = files }
}

/// A clinic's signing key: a name and an Ed25519 private key, in a file only its owner reads.
public struct SigningKey {
    public var name: String
    public var privateKey: Curve25519.Signing.PrivateKey

    /// A new key.
    public init(name: String) {
        self.name = name
        privateKey = Curve25519.Signing.PrivateKey()
    }

    /// Writes the private key (mode 0600) and the public key beside it (`.pub`).
    public func write(to path: String) throws -> (publicPath: String, fingerprint: String) {
        let secret = "kith-signing-key/1\n\(name)\n\(privateKey.rawRepresentation.base64EncodedString())\n"
        guard !FileManager.default.fileExists(atPath: path) else {
            throw KithError(.conflict, "\(path) already exists; choose another name so no key is overwritten.")
        }
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        else { throw KithError(.storage, "Could not write \(path).") }
        let raw = privateKey.publicKey.rawRepresentation
        let publicPath = (path.hasSuffix(".key") ? String(path.dropLast(4)) : path) + ".pub"
        try "kith-public-key/1\n\(name)\n\(raw.base64EncodedString())\n".write(
            toFile: publicPath, atomically: true, encoding: .utf8)
        return (publicPath, TrustedKeys.fingerprint(raw))
    }

    /// Reads a key written by `write`.
    public static func read(_ path: String) throws -> SigningKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw KithError(.notFound, "Could not read the key \(path).")
        }
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count == 3, lines[0] == "kith-signing-key/1", let raw = Data(base64Encoded: lines[2]),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw KithError(.invalidInput, "\(path) is not a Kith signing key (a private key made by Kith).") }
        var signing = SigningKey(name: lines[1])
        signing.privateKey = key
        return signing
    }
}
