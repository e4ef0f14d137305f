import Foundation
import GRDB

/// File-system side of a store: private permissions, and errors a person can act on.
enum StoreFile {
    /// Creates the folder (0700) and an empty file (0600) before SQLite opens it, so the
    /// data is never readable by other users, not even for a moment.
    static func prepare(_ path: String, creatingFile: Bool = true) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder) {
            do {
                try fm.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw KithError(
                    .storage, "Could not create the folder \(folder) for the store: \(error.localizedDescription)")
            }
        }
        if creatingFile && !fm.fileExists(atPath: path) {
            let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            if fd < 0 && errno != EEXIST {
                throw KithError(.storage, "Could not create the store \(path): \(String(cString: strerror(errno)))")
            }
            if fd >= 0 { close(fd) }
        }
    }

    /// Turns an SQLite or file error into one line naming the store.
    static func explain(_ error: Error, path: String) -> KithError {
        if let error = error as? KithError { return error }
        guard let db = error as? DatabaseError else {
            return KithError(.storage, "The store at \(path) could not be used: \(error)")
        }
        switch db.resultCode {
        case .SQLITE_READONLY:
            return KithError(
                .storage,
                "The store at \(path) is read-only (its file permissions, or a read-only disk); nothing was changed. Make it writable, or copy it somewhere writable."
            )
        case .SQLITE_FULL:
            return KithError(
                .storage, "The disk holding \(path) is full; nothing was changed. Free some space and try again.")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return KithError(
                .storage, "\(path) is not a Kith store or is damaged (\(db.message ?? "unreadable"))",
                hint: .restoreBackup)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return KithError(
                .storage,
                "The store at \(path) stayed busy with another Kith process for 15 s; nothing was changed. Try again.")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return KithError(
                .storage,
                "Could not open the store at \(path) (\(db.message ?? "permission denied")). Check that the folder exists and is yours."
            )
        default:
            return KithError(
                .storage,
                "The store at \(path) refused the change: \(db.message ?? "\(db.resultCode)"); nothing was changed.")
        }
    }
}

extension KithStore {
    /// Pages the database file holds now.
    func pageCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
    }

    /// Caps the database's size on the writer connection: SQLite then fails writes with the
    /// SQLITE_FULL a full disk gives, which is how the tests simulate one.
    func limitSize(toPages pages: Int) throws {
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages)") }
    }

    /// The writer connection's `PRAGMA synchronous` (2 is FULL: every commit reaches the disk).
    func writerSynchronousMode() throws -> Int {
        try write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// SQLite's own check of the file: "ok" when intact.
    func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
