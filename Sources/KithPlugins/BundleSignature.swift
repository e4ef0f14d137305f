import Crypto
import Foundation
import KithCore

/// A bundle's signature: the SHA-256 of every file in it, listed in one manifest, signed with
/// the clinic's Ed25519 key together with the signer's name and the key itself. Any changed,
/// added or removed file is found and named; the signature says all of it is the signer's.
/// Kept in the bundle as `kith-bundle.sig`.
public struct BundleSignature: Codable, Equatable, Sendable {
    /// The file's name inside a bundle.
    public static let fileName = "kith-bundle.sig"
    static let currentFormat = "kith-bundle-signature/1"

    public var format: String
    /// Who signed, as the key says (a clinic's name).
    public var signer: String
    /// The raw Ed25519 public key, base64.
    public var publicKey: String
    /// "sha256-hex  relative/path" lines, sorted by path.
    public var manifest: String
    /// The Ed25519 signature of `signedBytes`, base64.
    public var signature: String

    enum CodingKeys: String, CodingKey {
        case format, signer, publicKey = "public_key", manifest, signature
    }

    /// What the signature covers: the format, who signed, the key and the manifest, so none of
    /// them can be changed in a signed bundle.
    var signedBytes: Data { Data("\(format)\n\(signer)\n\(publicKey)\n\(manifest)".utf8) }

    /// Signs the bundle folder at `folder` with `key`, writing the signature file into it.
    @discardableResult
    public static func sign(_ folder: String, key: SigningKey) throws -> BundleSignature {
        var signed = BundleSignature(
            format: currentFormat, signer: key.name,
            publicKey: key.privateKey.publicKey.rawRepresentation.base64EncodedString(),
            manifest: try Manifest.of(folder).text, signature: "")
        signed.signature = try key.privateKey.signature(for: signed.signedBytes).base64EncodedString()
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
    /// differs from what was signed, or a signature that does not hold. Every file is checked
    /// to be a plain file with an allowed name, signed or not.
    public static func verify(_ folder: String, trusted: TrustedKeys) throws -> Verdict {
        let actual = try Manifest.of(folder).files
        let path = folder + "/" + fileName
        // lstat: a link (to /dev/zero, say) is refused before anything is read.
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return .unsigned }
        guard attributes[.type] as? FileAttributeType == .typeRegular, (attributes[.size] as? Int ?? 0) < 16 << 20,
            let data = FileManager.default.contents(atPath: path),
            let signed = try? JSONDecoder().decode(BundleSignature.self, from: data), signed.format == currentFormat,
            let raw = Data(base64Encoded: signed.publicKey), let signature = Data(base64Encoded: signed.signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else {
            throw KithError(
                .invalidInput, "\(fileName) is damaged or not a Kith bundle signature; nothing was installed")
        }
        guard key.isValidSignature(signature, for: signed.signedBytes) else {
            throw KithError(
                .invalidInput,
                "the signature does not match what it signs: the bundle was altered; nothing was installed")
        }
        guard let signedFiles = Manifest(strict: signed.manifest)?.files else {
            throw KithError(.invalidInput, "\(fileName) holds a malformed file list; nothing was installed")
        }
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
        guard signed.signer.count <= 200 else {
            throw KithError(.invalidInput, "The signer's name is over 200 characters; nothing was installed")
        }
        return .signed(
            signer: PlainText.line(signed.signer), fingerprint: fingerprint, trusted: trusted.contains(fingerprint))
    }
}

/// The files of a bundle and their SHA-256, one line each, sorted by path.
struct Manifest {
    var files: [String: String]

    var text: String { files.keys.sorted().map { "\(files[$0]!)  \($0)\n" }.joined() }

    init(files: [String: String]) { self.files = files }

    /// The list as signed, read strictly: 64 hex digits, two spaces, a path of the allowed
    /// characters, once each, and nothing the list would not write back the same way.
    init?(strict text: String) {
        guard text.isEmpty || text.hasSuffix("\n") else { return nil }
        var files: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let bytes = Array(line.utf8)
            guard bytes.count > 66, bytes[64] == 0x20, bytes[65] == 0x20,
                bytes[0..<64].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            else { return nil }
            let path = String(decoding: bytes[66...], as: UTF8.self)
            guard Self.isAllowed(path), files[path] == nil else { return nil }
            files[path] = String(decoding: bytes[0..<64], as: UTF8.self)
        }
        self.files = files
        guard self.text == text else { return nil }
    }

    /// A path in a bundle: ASCII letters, digits, '.', '_' and '-', names joined by '/', no
    /// empty, '.' or '..' name: nothing that could be read two ways, on any file system.
    static func isAllowed(_ path: String) -> Bool {
        let names = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.isEmpty && names.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
            && path.utf8.allSatisfy {
                ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
                    || [0x2E, 0x5F, 0x2D, 0x2F].contains($0)
            }
    }

    /// Every regular file under `folder` but the signature. A link, a device, a name outside
    /// the allowed characters or a file over 16 MiB is refused: a bundle holds plain files.
    static func of(_ folder: String) throws -> Manifest {
        let fm = FileManager.default
        var files: [String: String] = [:]
        guard let walker = fm.enumerator(atPath: folder) else {
            throw KithError(.notFound, "Could not read \(folder).")
        }
        while let relative = walker.nextObject() as? String {
            if relative == BundleSignature.fileName { continue }
            guard isAllowed(relative) else {
                throw KithError(
                    .invalidInput,
                    "\(PlainText.line(relative)) has a name a bundle may not hold (ASCII letters, digits, '.', '_' and '-'); nothing was installed"
                )
            }
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
}

/// A clinic's signing key: a name and an Ed25519 private key, in a file only its owner reads.
public struct SigningKey {
    public var name: String
    public var privateKey: Curve25519.Signing.PrivateKey

    /// A new key.
    public init(name: String) {
        self.name = PlainText.line(name)
        privateKey = Curve25519.Signing.PrivateKey()
    }

    /// Writes the private key (mode 0600 from the start) and the public key beside it (`.pub`);
    /// neither over an existing file.
    public func write(to path: String) throws -> (publicPath: String, fingerprint: String) {
        let raw = privateKey.publicKey.rawRepresentation
        let publicPath = (path.hasSuffix(".key") ? String(path.dropLast(4)) : path) + ".pub"
        for file in [path, publicPath] where FileManager.default.fileExists(atPath: file) {
            throw KithError(.conflict, "\(file) already exists; choose another name so no key is overwritten.")
        }
        let secret = "kith-signing-key/1\n\(name)\n\(privateKey.rawRepresentation.base64EncodedString())\n"
        // Created with mode 0600 by open(2) itself: never readable by others, even for a moment.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw KithError(.storage, "Could not create \(path).") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: Data(secret.utf8))
        try handle.close()
        try "kith-public-key/1\n\(name)\n\(raw.base64EncodedString())\n".write(
            toFile: publicPath, atomically: true, encoding: .utf8)
        return (publicPath, TrustedKeys.fingerprint(raw))
    }

    /// Reads a key written by `write`.
    public static func read(_ path: String) throws -> SigningKey {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.utf8.count < 4096 else {
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
