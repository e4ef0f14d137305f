import CKithSystem
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

    /// A passphrase from a file the person alone owns and reads (a regular file, or a pipe such
    /// as `<(pass show kith)`), of at most 4 KiB; one trailing line break is not part of it.
    /// Checked on the open file itself, so it cannot be swapped between check and read.
    public static func passphrase(fromFile path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else { throw KithError(.notFound, "The passphrase file \(path) is not a readable file") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, [S_IFREG, S_IFIFO].contains(info.st_mode & S_IFMT) else {
            throw KithError(.notFound, "The passphrase file \(path) is not a readable file")
        }
        guard info.st_uid == geteuid(), info.st_mode & 0o077 == 0 else {
            throw KithError(
                .invalidInput,
                "The passphrase file \(path) can be read by others, or is not yours; make it yours alone (chmod 600 \(path)) and run again"
            )
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4097)
        while bytes.count <= 4096 {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        for i in buffer.indices { buffer[i] = 0 }
        guard bytes.count <= 4096 else {
            throw KithError(.invalidInput, "The passphrase file \(path) is over 4 KiB; it should hold one passphrase")
        }
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
