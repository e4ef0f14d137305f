import Foundation
import GRDB
import GRDBSQLite
import KithSeal

/// Turning a plain store into an encrypted one and back, in place, never leaving a moment
/// when the store is in neither form: the new file is written beside the old, checked by
/// opening it, and only then renamed over it.
public enum StoreEncryption {
    /// Encrypts the plain store at `path` under `header` and `key`. The plaintext is
    /// overwritten with zeros and removed only after the sealed copy decrypted back to the very
    /// same bytes; returns what was done, for the person.
    public static func encrypt(path: String, header: SealHeader, key: SealKey) throws -> [String] {
        guard KithStore.exists(at: path) else { throw KithError(.notFound, "There is no store at \(path)") }
        guard !Seal.isSealed(path: path) else {
            throw KithError(.invalidInput, "The store at \(path) is encrypted already; nothing was changed.")
        }
        let source = try DatabaseQueue(path: path)
        defer { try? source.close() }
        let image: Data = try source.writeWithoutTransaction { db in
            // Everything in the write-ahead log into the file, the log left at its length so that
            // its old frames can be overwritten below (truncated, they would stay in freed blocks).
            try db.checkpoint(.full)
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            guard try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok" else {
                throw KithError(.storage, "The store at \(path) fails SQLite's integrity check; nothing was changed.")
            }
            return try serialize(db)
        }
        let sealed = try image.withUnsafeBytes { try Seal.seal($0, header: header, key: key) }
        guard try Seal.open(sealed, key: key) == image else {
            throw KithError(.storage, "The encrypted copy did not read back the same; nothing was changed.")
        }
        // Held open across the rename, so the old bytes can be overwritten once nothing names them.
        let plain = open(path, O_WRONLY | O_CLOEXEC)
        let log = open(path + "-wal", O_WRONLY | O_CLOEXEC)
        try SealedStoreFile.replace(path, with: sealed)
        let zeroed = overwrite(plain) && (log < 0 || overwrite(log))
        unlink(path + "-wal")
        unlink(path + "-shm")
        return [
            "Encrypted the store at \(path).",
            zeroed
                ? "The plaintext file (and its log) was overwritten with zeros and removed."
                : "The plaintext file was removed, but could not be overwritten first.",
            "A file system may still keep old blocks or copies: on an SSD, a copy-on-write file system (btrfs, APFS),"
                + " in snapshots, backups, a cloud folder's history, and in any backup or export made before now.",
        ]
    }

    /// Decrypts the encrypted store at `path` into a plain one in place, after checking the
    /// plain copy opens whole.
    public static func decrypt(path: String, unlock: @escaping StoreUnlock) throws -> [String] {
        let store = try KithStore.open(path: path, unlock: unlock)
        guard let seal = store.seal, let queue = store.writer as? DatabaseQueue else {
            throw KithError(.invalidInput, "The store at \(path) is not encrypted; nothing was changed.")
        }
        // Ctrl-C would leave the plain copy beside the store: held off until it is in place.
        let interrupt = signal(SIGINT, SIG_IGN)
        defer { signal(SIGINT, interrupt) }
        try seal.exclusive {
            try seal.refresh(queue)
            let image = try queue.writeWithoutTransaction { try serialize($0) }
            let url = URL(fileURLWithPath: path)
            let temporary =
                url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".decrypting-" + UUID().uuidString
            try SealedStoreFile.replace(temporary, with: image)
            do {
                let check = try DatabaseQueue(path: temporary)
                let verdict = try check.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
                try check.close()
                guard verdict == "ok" else {
                    throw KithError(
                        .storage, "The decrypted copy failed SQLite's integrity check; nothing was changed.")
                }
                guard rename(temporary, path) == 0 else {
                    throw KithError(.storage, "Could not put the decrypted store in place; nothing was changed.")
                }
            } catch {
                unlink(temporary)
                throw error
            }
        }
        unlink(path + ".lock")
        return [
            "Decrypted the store at \(path): it is plaintext on disk from now on.",
            "Backups and exports made while it was encrypted stay encrypted.",
        ]
    }

    /// The whole database as one file image.
    static func serialize(_ db: Database) throws -> Data {
        try withImage(db) { Data($0) }
    }

    /// Calls `body` with the whole database as one file image, copied out by SQLite and freed
    /// after (no second copy when it is sealed straight away).
    static func withImage<T>(_ db: Database, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var size: sqlite3_int64 = 0
        guard let image = sqlite3_serialize(db.sqliteConnection, "main", &size, 0) else {
            throw KithError(.storage, "SQLite could not copy the store out")
        }
        defer { sqlite3_free(image) }
        return try body(UnsafeRawBufferPointer(start: image, count: Int(size)))
    }

    /// Overwrites an open file with zeros, flushes and closes it.
    private static func overwrite(_ fd: Int32) -> Bool {
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return false }
        let zeros = [UInt8](repeating: 0, count: 1 << 16)
        var left = Int(info.st_size)
        while left > 0 {
            let n = pwrite(fd, zeros, min(left, zeros.count), off_t(Int(info.st_size) - left))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            left -= n
        }
        return fsync(fd) == 0
    }
}
