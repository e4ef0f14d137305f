import Foundation
import GRDB
import GRDBSQLite
import KithSeal

/// An encrypted store: the database lives decrypted in this process's memory only (SQLite's
/// `sqlite3_deserialize`, temp store in memory) and is written back sealed, whole and
/// atomically, after each committed change. Processes take turns through an advisory lock on
/// `STORE.lock`: a writer takes it, loads what another process wrote since, writes, and seals
/// before letting go, so no one's write is lost; a reader takes it to load a newer file.
final class SealedStoreFile: @unchecked Sendable {
    let path: String
    /// The file's header as last read or written (the key's wrappings, the payload salt).
    fileprivate(set) var header: SealHeader
    fileprivate(set) var key: SealKey
    private let lockFile: Int32
    /// The header MAC of the file as this process last loaded or wrote it: every write makes
    /// a new one (a fresh payload salt), so a different one means another process wrote.
    fileprivate var seen: [UInt8]?
    private let lock = NSRecursiveLock()
    private var depth = 0

    /// The file's header MAC now, read under the lock; nil when there is no file.
    static func currentMAC(_ path: String) throws -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 512) ?? Data()
        return try explained(path) { try head.withUnsafeBytes { try SealHeader.mac(of: $0) } }
    }

    /// `locking: false` for a file only read once (a backup being checked): no lock file.
    init(path: String, header: SealHeader, key: SealKey, locking: Bool = true) throws {
        self.path = path
        self.header = header
        self.key = key
        lockFile = locking ? open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600) : -1
        guard lockFile >= 0 || !locking else {
            throw KithError(
                .storage, "Could not open \(path).lock, which Kith uses to take turns on an encrypted store")
        }
    }

    deinit { if lockFile >= 0 { close(lockFile) } }

    /// Runs `body` holding the store: within this process one thread at a time, and across
    /// processes through the lock file (taken once, by the outermost call).
    func exclusive<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if depth == 0 && lockFile >= 0 {
            // Another Kith seals in milliseconds; one that holds the store for 15 s is stuck
            // (stopped with Ctrl-Z, a long script's transaction), and waiting on is no answer.
            let deadline = Date().addingTimeInterval(15)
            while flock(lockFile, LOCK_EX | LOCK_NB) != 0 {
                guard errno == EWOULDBLOCK || errno == EINTR else {
                    throw KithError(.storage, "Could not lock \(path).lock (\(String(cString: strerror(errno))))")
                }
                guard Date() < deadline else {
                    throw KithError(
                        .conflict,
                        "Another Kith has held the encrypted store \(path) for 15 s (a long script, or one stopped); nothing was changed. Try again when it ends."
                    )
                }
                usleep(2_000)
            }
        }
        depth += 1
        defer {
            depth -= 1
            if depth == 0 && lockFile >= 0 { flock(lockFile, LOCK_UN) }
        }
        return try body()
    }

    /// Loads the file again if another process wrote it since.
    func refresh(_ queue: DatabaseQueue) throws {
        try exclusive {
            if try Self.currentMAC(path) != seen { try load(into: queue) }
        }
    }

    /// Reads, checks and decrypts the whole file into the in-memory database. `firstTime`:
    /// the connection is new and has read nothing, so the image goes straight into it.
    func load(into queue: DatabaseQueue, firstTime: Bool = false) throws {
        try exclusive {
            let file: Data
            do {
                file = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
            } catch {
                throw KithError(.storage, "Could not read the encrypted store \(path): \(error.localizedDescription)")
            }
            try file.withUnsafeBytes { bytes in
                let found = try Self.explained(path) { try SealHeader.read(bytes) }
                let mac = try Self.explained(path) { try SealHeader.mac(of: bytes) }
                guard found.fileID == header.fileID else {
                    throw KithError(
                        .storage, "\(path) is now another encrypted store than the one opened; open it again")
                }
                let size = try Self.explained(path) { try Seal.plaintextSize(bytes) }
                guard let memory = sqlite3_malloc64(sqlite3_uint64(max(size, 1))) else {
                    throw KithError(.storage, "Not enough memory to open \(path) (\(size) bytes)")
                }
                do {
                    try Self.explained(path) {
                        try Seal.open(bytes, key: key, into: UnsafeMutableRawBufferPointer(start: memory, count: size))
                    }
                } catch {
                    sqlite3_free(memory)
                    throw error
                }
                // A database image says "write-ahead log" in bytes 18 and 19 when it came from a
                // WAL store; memory has no log, and SQLite would refuse to open it.
                if size > 19 {
                    memory.storeBytes(of: 1, toByteOffset: 18, as: UInt8.self)
                    memory.storeBytes(of: 1, toByteOffset: 19, as: UInt8.self)
                }
                // Decrypted into a connection of its own, then copied in with SQLite's backup,
                // which tells the store's connection its pages changed: deserialized into it
                // directly, what it had prepared and cached would point at pages that are gone.
                let fresh = firstTime ? queue : try DatabaseQueue(configuration: Self.scratchConfiguration)
                try fresh.writeWithoutTransaction { db in
                    // SQLite owns the memory from here, even when it refuses it.
                    let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
                    let code = sqlite3_deserialize(
                        db.sqliteConnection, "main", memory.assumingMemoryBound(to: UInt8.self), sqlite3_int64(size),
                        sqlite3_int64(size), flags)
                    guard code == SQLITE_OK else {
                        throw KithError(.storage, "\(path) decrypted, but SQLite refused it (code \(code))")
                    }
                }
                if !firstTime {
                    try fresh.backup(to: queue)
                    try fresh.close()
                }
                header = found
                seen = mac
            }
        }
    }

    /// Removes copies a writer killed half-way left beside the file (`.NAME.sealing-*`, sealed
    /// bytes) and a decryption cut short left (`.NAME.decrypting-*`, plaintext): with the store
    /// held, no one else is writing one.
    func removeStaleCopies() throws {
        try exclusive {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path
            let prefixes = ["sealing-", "decrypting-"].map { "." + url.lastPathComponent + "." + $0 }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where prefixes.contains(where: name.hasPrefix) {
                unlink(folder + "/" + name)
            }
        }
    }

    /// Seals the in-memory database and puts it in place of the file: written whole beside it,
    /// flushed, then renamed over it, so a crash leaves the old file or the new one. If it
    /// cannot be written, the database is loaded back from the file (the write is undone) and
    /// the error thrown.
    func persist(_ queue: DatabaseQueue) throws {
        try exclusive {
            do {
                let sealed = try queue.writeWithoutTransaction { db in
                    try StoreEncryption.withImage(db) { try Seal.seal($0, header: header, key: key) }
                }
                try Self.replace(path, with: sealed)
                header = try Seal.header(sealed)
                seen = try sealed.withUnsafeBytes { try SealHeader.mac(of: $0) }
            } catch {
                try? load(into: queue)
                throw error
            }
        }
    }

    /// Writes `data` as `path`, atomically and durably, readable by the owner only.
    static func replace(_ path: String, with data: Data) throws {
        let url = URL(fileURLWithPath: path)
        let temporary =
            url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".sealing-" + UUID().uuidString
        try DurableFile.write(data, to: path, through: temporary) { reason in
            "Could not write the encrypted store \(path) (\(reason)); nothing was changed"
        }
    }

    /// The sealed file at `path` decrypted into a database in memory (an encrypted backup being
    /// checked): never into a file.
    static func memoryCopy(of path: String, unlock: StoreUnlock?) throws -> DatabaseQueue {
        guard let unlock else { throw KithError(.invalidInput, "\(path) is encrypted: its passphrase is needed") }
        let header = try explained(path) { try readHeader(path) }
        let key = try explained(path) { try unlock(header) }
        let queue = try DatabaseQueue(configuration: scratchConfiguration)
        let file = try SealedStoreFile(path: path, header: header, key: key, locking: false)
        try file.load(into: queue, firstTime: true)
        return queue
    }

    /// A connection holding decrypted data that only checks or copies it: sorts and temporary
    /// tables in memory too.
    static var scratchConfiguration: Configuration {
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        return config
    }

    /// The header of the sealed file at `path`, read without the key.
    static func readHeader(_ path: String) throws -> SealHeader {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw KithError(.storage, "Could not read \(path)")
        }
        defer { try? handle.close() }
        let head = try handle.read(upToCount: 512) ?? Data()
        return try head.withUnsafeBytes { try SealHeader.read($0) }
    }

    /// Runs `body`, saying a sealing error in the person's words with the file named.
    static func explained<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SealError {
            switch error {
            case .wrongPassphrase: throw KithError(.invalidInput, "Wrong passphrase for \(path); nothing was changed.")
            case .damaged(let why):
                throw KithError(
                    .storage,
                    "The encrypted store \(path) is damaged or was tampered with: \(why). Nothing was changed.")
            case .unsupported(let why):
                throw KithError(.storage, "\(path) cannot be opened by this Kith: \(why). Nothing was changed.")
            }
        }
    }
}

extension KithStore {
    /// Whether the file at `path` is sealed (an encrypted store, backup or export).
    public static func isSealedFile(_ path: String) -> Bool { Seal.isSealed(path: path) }

    /// The header of the encrypted store at `path` (nil for a plain one), read without its key.
    public static func sealHeader(at path: String) throws -> SealHeader? {
        guard exists(at: path) else { throw KithError(.notFound, "There is no store at \(path)", hint: .createStore) }
        guard Seal.isSealed(path: path) else { return nil }
        return try SealedStoreFile.explained(path) { try SealedStoreFile.readHeader(path) }
    }

    /// Runs `body`, saying a sealing error in the person's words with `file` named.
    public static func explainingSeal<T>(_ file: String, _ body: () throws -> T) throws -> T {
        try SealedStoreFile.explained(file, body)
    }

    /// `data` sealed with this store's key and wrappings (the same passphrase opens it), for an
    /// export of an encrypted store; nil for a plain store.
    public func sealedLikeStore(_ data: Data) throws -> Data? {
        guard let seal else { return nil }
        return try data.withUnsafeBytes { try Seal.seal($0, header: seal.header, key: seal.key) }
    }

    /// The key this store was opened with, and its header (for the system's secret store and
    /// for opening exports sealed like it).
    public var sealKey: (header: SealHeader, key: SealKey)? { seal.map { ($0.header, $0.key) } }

    /// A new passphrase for an encrypted store, and with it a new data key and file id: the
    /// store is sealed again whole, so the old passphrase, a key kept from before, and any old
    /// copy of the file no longer open it (backups made before keep their own key). A store
    /// that had a recovery key gets a new one, returned to be shown once.
    public func changePassphrase(to passphrase: [UInt8], logN: UInt8) throws -> RecoveryKey? {
        guard let seal, let queue = writer as? DatabaseQueue else {
            throw KithError(.invalidInput, "The store at \(path) is not encrypted")
        }
        let (header, key, recovery) = try SealHeader.create(
            passphrase: passphrase, logN: logN, recovery: seal.header.hasRecoveryKey)
        try seal.rekey(queue, header: header, key: key)
        return recovery
    }
}

extension SealedStoreFile {
    func rekey(_ queue: DatabaseQueue, header new: SealHeader, key newKey: SealKey) throws {
        try exclusive {
            try refresh(queue)
            let (oldHeader, oldKey) = (header, key)
            (header, key) = (new, newKey)
            do {
                try persist(queue)
            } catch {
                (header, key) = (oldHeader, oldKey)
                throw error
            }
        }
    }
}
