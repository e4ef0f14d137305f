import Crypto
import Foundation
import KithCore

/// What a share holds: chosen parts of a person's store, for one recipient.
public struct ShareContents: Codable, Sendable {
    public struct Report: Codable, Sendable {
        public var id: String
        public var title: String
        /// The report as text, and as Kith's JSON document (for programs).
        public var text: String
        public var json: String

        public init(id: String, title: String, text: String, json: String) {
            (self.id, self.title, self.text, self.json) = (id, title, text, json)
        }
    }

    public struct Instrument: Codable, Sendable {
        public var id: String
        public var title: String
        public var version: String

        public init(id: String, title: String, version: String) {
            (self.id, self.title, self.version) = (id, title, version)
        }
    }

    public var kith = "share"
    public var version = 1
    public var made: String
    public var expires: String?
    public var since: String?
    public var reports: [Report] = []
    public var instruments: [Instrument] = []
    public var results: [AssessmentResult] = []
    /// The safety plan as text, if it was chosen.
    public var plan: String?

    public init(made: String) { self.made = made }

    /// In words, one line per part: said before the file is written, and when it is opened.
    public var summary: [String] {
        var lines = reports.map { "the report \"\($0.title)\" (\($0.id))" }
        if !results.isEmpty {
            let counts = Dictionary(grouping: results, by: \.assessment).sorted { $0.key < $1.key }.map { id, list in
                "\(instruments.first { $0.id == id }?.title ?? id) \(list.count)x"
            }
            lines.append(
                "\(Plural.count(results.count, "assessment result")) with their answers (\(counts.joined(separator: ", ")))"
            )
        }
        if plan != nil { lines.append("the safety plan") }
        return lines
    }
}

/// The share file: "KITHSHARE", a version byte, the recipient key's fingerprint (8 bytes), the
/// HPKE encapsulated key (32 bytes), then the contents sealed with HPKE (RFC 9180, base mode,
/// X25519, HKDF-SHA256, ChaCha20-Poly1305), everything before them authenticated with them.
/// Only the holder of the recipient's private key can open it; a change to any byte is caught.
public enum ShareFile {
    static let magic = Array("KITHSHARE".utf8)
    static let version: UInt8 = 1
    static var suite: HPKE.Ciphersuite { .Curve25519_SHA256_ChachaPoly }
    static let info = Data("kith-share v1".utf8)
    static let largest = 256 << 20

    public static func seal(_ contents: ShareContents, to recipient: Curve25519.KeyAgreement.PublicKey) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let plain = try encoder.encode(contents)
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
        var header = magic + [version]
        header += Array(SHA256.hash(data: recipient.rawRepresentation).prefix(8))
        header += Array(sender.encapsulatedKey)
        let sealed = try sender.seal(plain, authenticating: header)
        return Data(header) + sealed
    }

    /// Opens a share with the recipient's key; an error in plain words for a file that is not
    /// a share, is for another key, was changed, or has expired (`now`, seconds).
    public static func open(_ data: Data, key: ShareKey, now: Int64) throws -> ShareContents {
        let bytes = Array(data)
        let headerSize = magic.count + 1 + 8 + 32
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw KithError(.invalidInput, "This is not a Kith share")
        }
        guard bytes.count > magic.count, bytes[magic.count] <= version else {
            throw KithError(.invalidInput, "This share was written by a newer Kith; update Kith to open it")
        }
        guard bytes.count > headerSize else {
            throw KithError(.invalidInput, "This share is cut short; ask for it again")
        }
        let fingerprint = bytes[(magic.count + 1)..<(magic.count + 9)].map { String(format: "%02x", $0) }.joined()
        guard fingerprint == key.fingerprint else {
            throw KithError(
                .invalidInput,
                "This share was made for another key (\(fingerprint)); yours is \(key.fingerprint). Ask the sender to use your share key"
            )
        }
        let plain: Data
        do {
            var recipient = try HPKE.Recipient(
                privateKey: key.privateKey, ciphersuite: suite, info: info,
                encapsulatedKey: Data(bytes[(magic.count + 9)..<headerSize]))
            plain = try recipient.open(bytes[headerSize...], authenticating: bytes[0..<headerSize])
        } catch {
            throw KithError(
                .invalidInput, "This share was changed after it was written, or is damaged; it cannot be opened")
        }
        let contents: ShareContents
        do { contents = try JSONDecoder().decode(ShareContents.self, from: plain) } catch {
            throw KithError(.invalidInput, "This share's contents are not in a form this Kith reads")
        }
        guard contents.kith == "share", contents.version <= 1 else {
            throw KithError(.invalidInput, "This share was written by a newer Kith; update Kith to open it")
        }
        if let expires = contents.expires, let until = try? KithTime.parseInstant(expires, field: "expires"),
            until < now
        {
            throw KithError(.invalidInput, "This share expired at \(expires); ask the sender for a new one")
        }
        return contents
    }
}
