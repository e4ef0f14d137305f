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

    /// Refuses contents no Kith writes: anyone with the recipient's public key can make a
    /// share, so what it holds is bounded before it is shown or recorded (a table padded to
    /// a 100 MB cell, a million rows, a title with a line break forging one of Kith's lines).
    func check() throws {
        func bad(_ what: String) -> KithError {
            KithError(.invalidInput, "This share holds \(what), which Kith never writes; it is not opened")
        }
        func line(_ text: String, _ limit: Int = 200) -> Bool {
            text.utf8.count <= limit && !PlainText.hasHiddenCharacters(text)
        }
        guard reports.count <= 100, results.count <= 20_000, instruments.count <= 1000 else {
            throw bad("too many parts")
        }
        guard line(made, 64), expires.map({ line($0, 64) }) ?? true, since.map({ line($0, 64) }) ?? true else {
            throw bad("a malformed time")
        }
        for r in reports {
            guard line(r.id), line(r.title), r.text.utf8.count <= 16 << 20, r.json.utf8.count <= 32 << 20 else {
                throw bad("a malformed report")
            }
        }
        for i in instruments where !(line(i.id) && line(i.title) && line(i.version, 64)) {
            throw bad("a malformed instrument")
        }
        for r in results {
            guard line(r.assessment, 64), line(r.version, 64), line(r.at, 64), r.band.map({ line($0) }) ?? true,
                r.flags.count <= 50, r.flags.allSatisfy({ line($0) }), r.answers.count <= 500,
                r.subscales.count <= 100, r.subscales.keys.allSatisfy({ line($0, 64) }),
                r.risk.map({ line($0, 2000) }) ?? true, r.answers.keys.allSatisfy({ line($0, 64) })
            else { throw bad("a malformed assessment result") }
        }
        if let plan, plan.utf8.count > 1 << 20 { throw bad("a safety plan over 1 MiB") }
    }

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
        try contents.check()
        if let expires = contents.expires {
            guard let until = try? KithTime.parseInstant(expires, field: "expires") else {
                throw KithError(.invalidInput, "This share's expiry is not a time; it is not opened")
            }
            if until < now {
                throw KithError(.invalidInput, "This share expired at \(expires); ask the sender for a new one")
            }
        }
        return contents
    }
}
