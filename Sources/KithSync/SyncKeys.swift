import Foundation
import KithCore
import KithSeal

/// A folder's key: random, made once by the first device, kept in the folder wrapped by the
/// sync passphrase (a Kith sealed file with nothing in it but a marker, its header carrying
/// the wrapped key). Every file in the folder is sealed under it.
struct SyncKey {
    let header: SealHeader
    let key: SealKey
    var id: String { header.fileID.map { String(format: "%02x", $0) }.joined() }

    static let marker = Data("kith-sync key v1".utf8)

    /// Seals `payload` as a folder file.
    func seal(_ payload: Data) throws -> Data {
        try payload.withUnsafeBytes { try Seal.seal($0, header: header, key: key) }
    }

    /// The form kept in the store: `[header file, key]`, base64.
    var stored: JSONValue {
        let file = (try? Self.marker.withUnsafeBytes { try Seal.seal($0, header: header, key: key) }) ?? Data()
        return .array([
            .string(file.base64EncodedString()), .string(Data(key.withBytes { Array($0) }).base64EncodedString()),
        ])
    }

    init(header: SealHeader, key: SealKey) {
        self.header = header
        self.key = key
    }

    init?(stored: JSONValue) {
        guard case .array(let parts) = stored, parts.count == 2, case .string(let h) = parts[0],
            case .string(let k) = parts[1], let file = Data(base64Encoded: h), let bytes = Data(base64Encoded: k),
            let key = SealKey(bytes: Array(bytes)), let header = try? Seal.header(file)
        else { return nil }
        self.init(header: header, key: key)
    }
}

enum SyncKeys {
    /// A new key for a folder that has none, written there as a key file.
    static func create(in folder: SyncFolder, passphrase: [UInt8], logN: UInt8) throws -> SyncKey {
        let (header, key, _) = try SealHeader.create(passphrase: passphrase, logN: logN, recovery: false)
        let made = SyncKey(header: header, key: key)
        _ = try folder.write(try made.seal(SyncKey.marker), prefix: SyncFolder.keyPrefix)
        return made
    }

    /// The folder's keys the passphrase opens (more than one when two devices made one at the
    /// same time: every one is used to read; the first by id to write), and how many key files
    /// are not whole (still being copied, or damaged).
    static func open(_ names: [String], in folder: SyncFolder, passphrase: [UInt8]) -> (
        keys: [SyncKey], incomplete: Int
    ) {
        var keys: [SyncKey] = []
        var incomplete = 0
        for name in names {
            guard let file = try? folder.read(name), let header = try? Seal.header(file) else {
                incomplete += 1
                continue
            }
            guard let key = try? header.unwrap(passphrase: passphrase) else { continue }
            guard (try? Seal.open(file, key: key)) == SyncKey.marker else {
                incomplete += 1
                continue
            }
            keys.append(SyncKey(header: header, key: key))
        }
        return (keys, incomplete)
    }

    /// The id of the key a file is sealed under, without opening it.
    static func keyID(of file: Data) -> String? {
        (try? Seal.header(file))?.fileID.map { String(format: "%02x", $0) }.joined()
    }
}

/// Pairing: `kith sync pair` prints a code and leaves in the folder the folder's keys sealed
/// under it, for a day; a new device joins with the code instead of the passphrase.
enum SyncPairing {
    static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")

    /// 20 characters (100 bits), in groups of four; the folder holds it behind scrypt.
    static func newCode() -> String {
        let letters = SealRandom.bytes(20).map { alphabet[Int($0) & 31] }
        return stride(from: 0, to: 20, by: 4).map { String(letters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    /// The code as typed: case, spaces and dashes ignored.
    static func normalized(_ code: String) -> [UInt8] {
        Array(code.lowercased().filter { $0 != "-" && $0 != " " }.utf8)
    }

    static func write(_ keys: [SyncKey], code: String, expires: Int64, in folder: SyncFolder) throws -> String {
        let (header, key, _) = try SealHeader.create(
            passphrase: normalized(code), logN: ScryptParameters.lowestLogN, recovery: false)
        let payload = JSONText.encode(
            .object([
                "kith": .string("sync-pair"), "expires": .int(expires), "keys": .array(keys.map(\.stored)),
            ]))
        let sealed = try Data(payload.utf8).withUnsafeBytes { try Seal.seal($0, header: header, key: key) }
        return try folder.write(sealed, prefix: SyncFolder.pairPrefix)
    }

    /// The folder's keys from a pairing file the code opens; an error saying why when none does.
    static func open(_ names: [String], code: String, in folder: SyncFolder, now: Int64) throws -> [SyncKey] {
        var expired = false
        for name in names {
            guard let file = try? folder.read(name), let header = try? Seal.header(file),
                let key = try? header.unwrap(passphrase: normalized(code)), let plain = try? Seal.open(file, key: key),
                case .object(let o)? = try? JSONText.decode(
                    String(decoding: plain, as: UTF8.self), field: "pairing",
                    budget: JSONBudget(bytes: 1 << 20, limitMiB: 1)),
                o["kith"] == .string("sync-pair"), case .int(let until)? = o["expires"],
                case .array(let items)? = o["keys"]
            else { continue }
            if until < now {
                expired = true
                continue
            }
            return items.compactMap(SyncKey.init(stored:))
        }
        throw KithError(
            .invalidInput,
            expired
                ? "That pairing code has expired; print a new one on a device that syncs already. Nothing was changed."
                : "That pairing code opens nothing in this folder (mistyped, or made for another folder); nothing was changed."
        )
    }
}
