import Foundation
import GRDB
import KithSeal

/// `kith restore FILE`: a backup put back as the store, only once it is known to be a whole,
/// intact Kith store, and never without keeping the store it replaces.
public struct StoreRestore: Sendable {
    /// What a restore did.
    public struct Outcome: Sendable, Equatable {
        /// Where the store it replaced was kept (nil when there was none).
        public let previous: String?
        /// The restored store's identity.
        public let storeID: String
    }

    /// The backup file.
    public let backup: String
    /// The store it replaces.
    public let path: String
    /// The key of an encrypted backup or store, from its header.
    public let unlock: StoreUnlock?

    /// A restore of `backup` over the store at `path`.
    public init(backup: String, path: String, unlock: StoreUnlock? = nil) {
        self.backup = backup
        self.path = path
        self.unlock = unlock
    }

    /// Checks the backup and puts it in place. The current store is first copied, whole, next
    /// to it (`kith-before-restore-STAMP.sqlite`), or, if it cannot be opened, moved aside with
    /// its side files (`kith-damaged-STAMP.sqlite`); a backup of another person's store (another
    /// identity) is refused unless `replacingAnotherStore`.
    public func run(stamp: String, replacingAnotherStore: Bool = false) throws -> Outcome {
        let source = URL(fileURLWithPath: backup).standardizedFileURL.path
        guard source != URL(fileURLWithPath: path).standardizedFileURL.path else {
            throw KithError(.invalidInput, "\(backup) is the store itself; give a backup of it", hint: .makeBackup)
        }
        guard FileManager.default.isReadableFile(atPath: source) else {
            throw KithError(.notFound, "Cannot read \(backup); check the path.")
        }
        // Checked on a private copy of the file alone: a backup is one file, and opening the
        // original could bring in, or write, side files next to it.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kith-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: scratch) }
        let copy = scratch.appendingPathComponent("backup.sqlite").path
        do { try FileManager.default.copyItem(atPath: source, toPath: copy) } catch {
            throw KithError(.storage, "Could not read \(backup): \(error.localizedDescription)")
        }
        let incoming: DatabaseQueue
        let incomingID: String
        do {
            // An encrypted backup is decrypted into memory only, never into a file.
            incoming =
                Seal.isSealed(path: copy)
                ? try SealedStoreFile.memoryCopy(of: copy, unlock: unlock) : try DatabaseQueue(path: copy)
            incomingID = try Self.check(incoming, name: backup)
        } catch let error as KithError {
            throw error
        } catch {
            throw KithError(
                .invalidInput, "\(backup) is not a Kith store, or is damaged (\(error)); nothing was changed.")
        }
        defer { try? incoming.close() }

        var previous: String?
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var current: KithStore?
        if KithStore.exists(at: path) {
            do {
                let opened = try KithStore.open(path: path, unlock: unlock)
                if try opened.integrityCheck() == "ok" { current = opened }
            } catch let error as KithError
                where !error.description.contains("is not a Kith store or is damaged")
                && !error.description.contains("is damaged or was tampered with")
            {
                // Busy with another Kith, written by a newer one: not damage; nothing is moved.
                throw error
            } catch {
                // Damaged (below): moved aside rather than copied.
            }
            if current == nil {
                // The store is damaged, which is when a restore matters most: it is moved aside
                // with its side files, whole, rather than opened and copied.
                let aside = folder.appendingPathComponent("kith-damaged-\(stamp).sqlite").path
                for suffix in ["", "-wal", "-shm", "-journal"]
                where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
                }
                previous = aside
            }
        }
        do {
            if let current {
                let currentID = try current.storeID()
                // A backup from before stores had an identity cannot be told apart: it is allowed.
                if !incomingID.isEmpty && currentID != incomingID && !replacingAnotherStore {
                    throw KithError(
                        .conflict,
                        "\(backup) is a backup of another store (id \(incomingID.prefix(8))..., this one is \(currentID.prefix(8))...); "
                            + "nothing was changed. Add --replace-other-store if you mean to replace it.")
                }
                let kept = folder.appendingPathComponent("kith-before-restore-\(stamp).sqlite").path
                try current.backup(to: kept)
                previous = kept
                if Seal.isSealed(path: copy) && !current.isEncrypted {
                    // An encrypted backup over a plain store: the store becomes the backup as it
                    // is, sealed, rather than its data written out in the clear.
                    try SealedStoreFile.replace(path, with: try Data(contentsOf: URL(fileURLWithPath: copy)))
                    for side in ["-wal", "-shm"] { unlink(path + side) }
                } else {
                    // Into the store as it is: an encrypted one stays encrypted, sealed at once.
                    try current.sealing(always: true) { try incoming.backup(to: current.writer) }
                    current.checkpoint()
                }
            } else if Seal.isSealed(path: copy) {
                // No store to keep: an encrypted backup is put in place as it is, still sealed.
                try SealedStoreFile.replace(path, with: try Data(contentsOf: URL(fileURLWithPath: copy)))
            } else {
                let created = try KithStore.open(path: path, creating: true)
                try incoming.backup(to: created.writer)
                created.checkpoint()
            }
        } catch let error as KithError where previous == nil || error.kind == .conflict {
            throw error
        } catch {
            throw KithError(
                .storage,
                "The restore failed (\(error)); the store it was replacing is kept at \(previous ?? "its place").")
        }
        // Reopened, so an older backup's schema is brought up to date and the file checked again.
        let restored = try KithStore.open(path: path, unlock: unlock)
        guard try restored.integrityCheck() == "ok" else {
            throw KithError(
                .storage,
                "The restored store failed its integrity check; the previous one is kept at \(previous ?? "(none)").")
        }
        restored.checkpoint()
        return Outcome(previous: previous, storeID: incomingID)
    }

    /// The backup's identity, once SQLite finds it intact and it has Kith's tables.
    private static func check(_ queue: DatabaseQueue, name: String) throws -> String {
        try queue.read { db in
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""
            guard integrity == "ok" else {
                let found = integrity.split(whereSeparator: \.isNewline).prefix(3).joined(separator: "; ")
                throw KithError(
                    .invalidInput,
                    "\(name) is damaged (SQLite's integrity check: \(found.prefix(200))); nothing was changed. Try an older backup."
                )
            }
            let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            guard tables.isSuperset(of: ["grdb_migrations", "person", "journal_entry"]) else {
                throw KithError(.invalidInput, "\(name) is an SQLite file but not a Kith store; nothing was changed.")
            }
            let known = Set(StoreSchema.migrator.migrations)
            let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            if let newer = applied.first(where: { !known.contains($0) }) {
                throw KithError(
                    .invalidInput,
                    "\(name) was written by a newer Kith (\(newer)); upgrade Kith to restore it. Nothing was changed.")
            }
            guard tables.contains("store_info") else { return "" }  // a backup from before stores had an identity
            return try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'id'") ?? ""
        }
    }
}
