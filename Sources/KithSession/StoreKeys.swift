import CKithKeyring
import Foundation
import KithCore
import KithSeal

/// Where an encrypted store's key comes from, in order: the operating system's secret store
/// (after an unlock, until its time runs out), a passphrase file (`--passphrase-file`, else
/// `$KITH_PASSPHRASE_FILE`; never the passphrase itself in an option or a variable), or the
/// person, asked by the front end.
public enum StoreKeys {
    /// The unlock a front end opens stores with.
    public static func unlock(
        passphraseFile: String?, environment: [String: String], ask: (@Sendable () throws -> [UInt8])?
    ) -> StoreUnlock {
        { header in
            if let key = remembered(header) { return key }
            let file = passphraseFile ?? environment["KITH_PASSPHRASE_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            if let file { return try header.unwrap(passphrase: try passphrase(fromFile: file)) }
            guard let ask else {
                throw KithError(
                    .invalidInput,
                    "The store is encrypted: give its passphrase in a file (--passphrase-file FILE or KITH_PASSPHRASE_FILE), unlock it for a while, or run in a terminal to be asked"
                )
            }
            return try header.unwrap(passphrase: try ask())
        }
    }

    /// `unlock`, asked at most once per file id in this process (a restore opens the backup,
    /// the store and the store again; a batch, many stores under one passphrase).
    public static func once(_ unlock: @escaping StoreUnlock) -> StoreUnlock {
        { header in
            let id = name(header)
            if let key = KeyCache.shared.key(id) { return key }
            let key = try unlock(header)
            KeyCache.shared.keep(key, id)
            return key
        }
    }

    /// A passphrase from a file: a regular file only its owner can read, of at most 4 KiB;
    /// one trailing line break is not part of it.
    public static func passphrase(fromFile path: String) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw KithError(.notFound, "The passphrase file \(path) is not a readable file")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw KithError(
                .invalidInput,
                "The passphrase file \(path) can be read by others; make it yours alone (chmod 600 \(path)) and run again"
            )
        }
        guard info.st_size <= 4096, let data = FileManager.default.contents(atPath: path), data.count <= 4096 else {
            throw KithError(.invalidInput, "The passphrase file \(path) is over 4 KiB; it should hold one passphrase")
        }
        var bytes = Array(data)
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { throw KithError(.invalidInput, "The passphrase file \(path) is empty") }
        return bytes
    }

    /// The name of a store's key in the secret store.
    static func name(_ header: SealHeader) -> String {
        "kith:" + header.fileID.map { String(format: "%02x", $0) }.joined()
    }

    /// Keeps the key for `seconds` in the kernel's user keyring (never in a file).
    public static func remember(_ key: SealKey, for header: SealHeader, seconds: UInt32) throws {
        let result = key.withBytes { bytes in
            kith_keyring_put(name(header), bytes.baseAddress, bytes.count, seconds)
        }
        guard result == 0 else {
            throw KithError(
                .storage,
                "The system's key store is not available here (\(String(cString: strerror(-result)))); use a passphrase file instead"
            )
        }
    }

    /// The key kept for this store, if it is still there.
    public static func remembered(_ header: SealHeader) -> SealKey? {
        var buffer = [UInt8](repeating: 0, count: 64)
        let length = kith_keyring_get(name(header), &buffer, buffer.count)
        defer { for i in buffer.indices { buffer[i] = 0 } }
        guard length == 32 else { return nil }
        return SealKey(bytes: Array(buffer[0..<32]))
    }

    /// Forgets the kept key; false when none was kept.
    @discardableResult
    public static func forget(_ header: SealHeader) -> Bool { kith_keyring_forget(name(header)) == 0 }
}

/// Keys this process has unlocked, by file id: only in its memory, as the open store's is.
final class KeyCache: @unchecked Sendable {
    static let shared = KeyCache()
    private let lock = NSLock()
    private var keys: [String: SealKey] = [:]

    func key(_ id: String) -> SealKey? { lock.withLock { keys[id] } }
    func keep(_ key: SealKey, _ id: String) { lock.withLock { keys[id] = key } }
}
