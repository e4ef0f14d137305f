import Crypto
import Foundation
import Testing

@testable import KithSeal

/// The sealed-file format, pinned: a file this version sealed opens with its passphrase, fixed
/// keys and salts give fixed bytes, and every kind of damage is told apart from a wrong
/// passphrase.
@Suite("sealed files: the format")
struct SealFormatTests {
    /// A header with every random part fixed, so the bytes it seals are known.
    func fixed(recovery: Bool = false) throws -> (SealHeader, SealKey) {
        let key = try #require(SealKey(bytes: Array(0..<32)))
        let kdf = try ScryptParameters(logN: 17, salt: Array(repeating: 7, count: 16))
        let header = SealHeader(
            kdf: kdf, passphraseWrap: Array(repeating: 1, count: 60),
            recoveryWrap: recovery ? Array(repeating: 2, count: 60) : nil, fileID: Array(repeating: 3, count: 16),
            payloadSalt: Array(repeating: 4, count: 16))
        return (header, key)
    }

    func seal(_ text: String, _ header: SealHeader, _ key: SealKey) throws -> Data {
        try Data(text.utf8).withUnsafeBytes { try Seal.seal($0, exactly: header, key: key) }
    }

    func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Computed independently of Kith, with Python's `cryptography` (scripts/seal_kat.py).
    @Test("fixed keys and salts give fixed bytes (known answers)")
    func knownAnswers() throws {
        let (header, key) = try fixed()
        let sealed = try seal("Kith", header, key)
        #expect(sealed.count == 154 + 4 + 16, "header 154 bytes, 4 of text, one tag")
        #expect(Array(sealed.prefix(13)) == Array("KITHSEAL".utf8) + [1, 1, 17, 8, 1])
        #expect(sha256(sealed) == "e6d9ddb30fef49944c5a4056b9fa8930dd280137795d3f8cca4cffcc23d647e1")
        #expect(try Seal.open(sealed, key: key) == Data("Kith".utf8))
        // Two chunks: the first's nonce is 0 without the last flag, the second's 1 with it.
        let long = try seal(String(repeating: "k", count: 70_000), header, key)
        #expect(long.count == 70_186)
        #expect(sha256(long) == "6127a217a93194249bf1a02565c10fda585817b5cb51491205bceff983849c64")
    }

    @Test("chunks: empty, one byte under, at and over 64 KiB open back; cut or extended files do not")
    func chunkBoundaries() throws {
        let (header, key) = try fixed()
        for size in [0, 1, 65_535, 65_536, 65_537, 3 * 65_536] {
            let text = String(repeating: "k", count: size)
            let sealed = try seal(text, header, key)
            #expect(try Seal.open(sealed, key: key) == Data(text.utf8), "\(size) bytes")
            if size > 65_536 {
                // Cut at a chunk boundary: the last chunk left was not sealed as the last.
                let cut = sealed.prefix(154 + 65_536 + 16)
                #expect(throws: SealError.self) { try Seal.open(Data(cut), key: key) }
            }
            #expect(throws: SealError.self) { try Seal.open(sealed + Data([0]), key: key) }
            #expect(throws: SealError.self) { try Seal.open(sealed.dropLast(), key: key) }
        }
    }

    @Test("a passphrase opens what it sealed; another passphrase, an altered header or payload do not")
    func passphrases() throws {
        let (header, key, recovery) = try SealHeader.create(
            passphrase: Array("correct horse".utf8), logN: 17, recovery: true)
        let sealed = try Data("the journal".utf8).withUnsafeBytes { try Seal.seal($0, header: header, key: key) }
        let read = try Seal.header(sealed)
        let opened = try read.unwrap(passphrase: Array("correct horse".utf8))
        #expect(try Seal.open(sealed, key: opened) == Data("the journal".utf8))
        #expect(throws: SealError.wrongPassphrase) { try read.unwrap(passphrase: Array("correct hors".utf8)) }
        let written = try #require(recovery).description
        let typed = try #require(RecoveryKey(text: written.uppercased().replacingOccurrences(of: "-", with: " ")))
        #expect(try Seal.open(sealed, key: try read.unwrap(recoveryKey: typed)) == Data("the journal".utf8))
        #expect(RecoveryKey(text: "not-a-key") == nil)

        var header2 = sealed
        header2[40] ^= 1  // the file id: the header's MAC no longer holds
        #expect(throws: SealError.self) { try Seal.open(header2, key: opened) }
        var payload = sealed
        payload[payload.count - 20] ^= 1
        #expect(throws: SealError.self) { try Seal.open(payload, key: opened) }
        var costly = sealed
        costly[10] = 24  // scrypt N = 2^24 (16 GiB): refused before any memory is spent
        #expect(throws: SealError.unsupported("scrypt N=2^24, r=8, p=1 (Kith reads 2^17 to 2^20, r=8, p=1)")) {
            try Seal.header(costly)
        }
    }

    @Test("an export sealed by the first version of the format opens with its passphrase")
    func firstVersionFile() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sealed/export-v1.kithseal")
        let sealed = try Data(contentsOf: file)
        let key = try Seal.header(sealed).unwrap(passphrase: Array("kith fixture passphrase".utf8))
        let export = String(decoding: try Seal.open(sealed, key: key), as: UTF8.self)
        #expect(export.contains("Fixture Person"), "\(export.prefix(300))")
    }
}
