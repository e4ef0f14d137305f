import Foundation
import GRDB
import KithSeal

/// A person's Kith store: one SQLite file holding their network, interactions and journal.
///
/// Every write method is one transaction and announces what it wrote to observers after it
/// commits. The store checks new records against `catalog` (support types, metrics) and reads
/// "now" from `clock`.
public final class KithStore: @unchecked Sendable {
    /// The file this store lives in (`:memory:` for a store in memory).
    public let path: String
    /// Support types and metrics new records are checked against.
    public let catalog: Catalog
    /// Where "now" comes from.
    public let clock: KithClock
    let writer: any DatabaseWriter
    /// For an encrypted store: the sealed file the in-memory database is loaded from and
    /// written back to (nil for a plain one).
    let seal: SealedStoreFile?
    private let observersLock = NSLock()
    private var observers: [@Sendable (StoreChange) -> Void] = []
    private var commitObservers: [@Sendable ([StoreChange]) -> Void] = []
    /// The open `transaction(_:)`, joined only by calls from the thread that opened it. Its
    /// changes belong to it alone: a second thread's transaction, which starts the moment the
    /// first one's write ends, never sees or takes them.
    private final class OpenTransaction {
        let db: Database
        let thread = pthread_self()
        var changes: [StoreChange] = []
        /// Inside `isolated`: its savepoint, opened by the body's first write (a body that
        /// only reads costs no savepoint: most plugin handlers write nothing).
        var isolation: Isolation?
        init(_ db: Database) { self.db = db }
    }
    private enum Isolation { case pending, open }
    private let transactionLock = NSLock()
    private var current: OpenTransaction?

    /// The transaction this thread opened, if any.
    private var ownTransaction: OpenTransaction? {
        transactionLock.withLock {
            guard let t = current, pthread_equal(t.thread, pthread_self()) != 0 else { return nil }
            return t
        }
    }
    /// Per thread: the last change this thread logged, and the change being announced.
    private let causeLock = NSLock()
    private var lastLogged: [pthread_t: Int64] = [:]
    private var causes: [pthread_t: Int64] = [:]
    /// True once the schema has the change log: from then on each write is one logged change.
    private(set) var logsChanges = false
    /// The tables whose new rows a change's marks cover (ChangeLog).
    private(set) var markedTables: [String] = []
    /// Set while plugin reminder rules run, so a rule asking for due reminders cannot recurse.
    let rulesRunning = ReentrancyFlag()

    var openTransaction: Database? { ownTransaction?.db }

    private init(
        path: String, writer: any DatabaseWriter, catalog: Catalog, clock: KithClock, seal: SealedStoreFile? = nil
    ) {
        self.path = path
        self.writer = writer
        self.seal = seal
        self.catalog = catalog
        self.clock = clock
    }

    /// Opens the store at `path` and brings its schema up to date. A missing store is refused,
    /// so a mistyped path never becomes a new, empty store; with `creating: true` (`kith init`)
    /// it is created, mode 0600 in a folder created 0700.
    /// An encrypted store is opened with the key `unlock` gives for its header (from a
    /// passphrase, a recovery key or the system's secret store); without `unlock` it is refused.
    public static func open(
        path: String, catalog: Catalog = Catalog(), clock: KithClock = .system, creating: Bool = false,
        unlock: StoreUnlock? = nil
    ) throws -> KithStore {
        if !creating && !exists(at: path) {
            throw KithError(.notFound, "There is no store at \(path)", hint: .createStore)
        }
        if exists(at: path) && Seal.isSealed(path: path) {
            return try openSealed(path: path, catalog: catalog, clock: clock, unlock: unlock)
        }
        // An encrypted store leaves its lock file; a plain file where one was is not opened
        // (and written to in the clear) without a word.
        if exists(at: path) && exists(at: path + ".lock") {
            throw KithError(
                .storage,
                "\(path) was an encrypted store, but the file there now is not encrypted; nothing was changed. "
                    + "If it is yours and meant to be plain, remove \(path).lock")
        }
        try StoreFile.prepare(path)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration(clock: clock))
            // Writes happen at human rates and must survive a power cut. Set here, not in
            // prepareDatabase: GRDB turns the writer to NORMAL when it sets up WAL, after it.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw StoreFile.explain(error, path: path)
        }
        let store = KithStore(path: path, writer: pool, catalog: catalog, clock: clock)
        try store.migrate()
        try store.startLogging()
        return store
    }

    /// Copies every committed change from the write-ahead log into the store file, so that the
    /// `.sqlite` file alone is the whole store: a copy of it loses nothing. RESTART, not
    /// TRUNCATE: the log keeps its (now copied) frames until the next write starts it over,
    /// because GRDB writes to an empty log when it opens a store, which would make a store on a
    /// full or read-only disk unreadable. Putting a backup back is `kith restore`'s job, which
    /// never leaves an old log beside a copied file. It never waits for another process.
    public func checkpoint() {
        guard path != ":memory:", seal == nil else { return }
        try? writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            // Put back even when another process makes the checkpoint give up (it throws).
            defer { try? db.execute(sql: "PRAGMA busy_timeout = 15000") }
            try db.checkpoint(.restart)
        }
    }

    /// The write-ahead log's frames, and how many of them are in the store file.
    func walFrames() throws -> (log: Int, copied: Int) {
        guard path != ":memory:", seal == nil else { return (0, 0) }
        return try writer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            return (row?[1] ?? 0, row?[2] ?? 0)
        }
    }

    /// Opens an encrypted store: the key from `unlock`, the file decrypted into memory.
    private static func openSealed(path: String, catalog: Catalog, clock: KithClock, unlock: StoreUnlock?) throws
        -> KithStore
    {
        guard let unlock else {
            throw KithError(.invalidInput, "The store at \(path) is encrypted: its passphrase is needed to open it")
        }
        let header = try SealedStoreFile.explained(path) { try SealedStoreFile.readHeader(path) }
        let key = try SealedStoreFile.explained(path) { try unlock(header) }
        let queue = try DatabaseQueue(configuration: configuration(clock: clock, inMemory: true))
        let seal = try SealedStoreFile(path: path, header: header, key: key)
        try seal.load(into: queue, firstTime: true)
        try seal.removeStaleCopies()
        let store = KithStore(path: path, writer: queue, catalog: catalog, clock: clock, seal: seal)
        try store.sealing { try store.migrate() }
        try store.startLogging()
        return store
    }

    /// Creates an encrypted store at `path` under `header` and `key` (from
    /// `SealHeader.create`); the file is written before this returns.
    public static func createSealed(
        path: String, header: SealHeader, key: SealKey, catalog: Catalog = Catalog(), clock: KithClock = .system
    ) throws -> KithStore {
        guard !exists(at: path) else { throw KithError(.conflict, "There is already a store at \(path)") }
        // The folder only: the file appears whole, sealed, when it is first written.
        try StoreFile.prepare(path, creatingFile: false)
        let queue = try DatabaseQueue(configuration: configuration(clock: clock, inMemory: true))
        let seal = try SealedStoreFile(path: path, header: header, key: key)
        let store = KithStore(path: path, writer: queue, catalog: catalog, clock: clock, seal: seal)
        try store.migrate()
        try seal.persist(queue)
        try store.startLogging()
        return store
    }

    /// Whether the store is encrypted.
    public var isEncrypted: Bool { seal != nil }

    /// Runs `body`, which writes, holding an encrypted store: what another process wrote is
    /// loaded first, and what `body` changed is sealed into the file before anyone else may
    /// write. A plain store just runs it (SQLite keeps writers apart).
    /// `always`: sealed whether or not SQLite counted a change (a backup copied in counts none).
    /// `rolledBack`: the body rolled everything back (a dry run): nothing to seal.
    func sealing<T>(always: Bool = false, rolledBack: Bool = false, _ body: () throws -> T) throws -> T {
        guard let seal, let queue = writer as? DatabaseQueue else { return try body() }
        return try seal.exclusive {
            try seal.refresh(queue)
            let before = try queue.read { $0.totalChangesCount }
            let result: Result<T, Error> = Result { try body() }
            // Persisted even when the body failed after a committed step: memory and file agree.
            if try !rolledBack && (always || queue.read({ $0.totalChangesCount }) != before) {
                try seal.persist(queue)
            }
            return try result.get()
        }
    }

    /// A store in memory, for tests and dry runs.
    public static func inMemory(catalog: Catalog = Catalog(), clock: KithClock = .system) throws -> KithStore {
        let queue = try DatabaseQueue(configuration: configuration(clock: clock))
        let store = KithStore(path: ":memory:", writer: queue, catalog: catalog, clock: clock)
        try store.migrate()
        try store.startLogging()
        return store
    }

    /// Where a person's store lives when nothing names another: `$XDG_DATA_HOME/kith/kith.sqlite`
    /// (default `~/.local/share/kith/kith.sqlite`). Front ends resolve options first (KithSession).
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        KithPaths.dataHome(environment: environment) + "/kith.sqlite"
    }

    /// True if a store file exists at `path`.
    public static func exists(at path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Calls `observer` after every committed write, on the writing thread.
    public func observe(_ observer: @escaping @Sendable (StoreChange) -> Void) {
        observersLock.withLock { observers.append(observer) }
    }

    /// Calls `observer` once per commit with everything it wrote (an import's thousands of
    /// entries in one call), after the per-change observers.
    public func observeCommits(_ observer: @escaping @Sendable ([StoreChange]) -> Void) {
        observersLock.withLock { commitObservers.append(observer) }
    }

    func announce(_ changes: [StoreChange]) {
        guard !changes.isEmpty else { return }
        let (current, batched) = observersLock.withLock { (observers, commitObservers) }
        // Writes the observers make (plugin handlers) follow from the change announced: they
        // are logged as its follow-ups, so one `kith undo` reverses the person's write and
        // what plugins did because of it.
        let thread = pthread_self()
        let previous = causeLock.withLock { () -> Int64?? in
            guard let change = lastLogged[thread] else { return .none }
            defer { causes[thread] = change }
            return .some(causes[thread])
        }
        defer {
            if case .some(let old) = previous { causeLock.withLock { causes[thread] = old } }
        }
        for change in changes { for observer in current { observer(change) } }
        for observer in batched { observer(changes) }
    }

    /// The change whose announcement runs on this thread, if any.
    private var currentCause: Int64? { causeLock.withLock { causes[pthread_self()] } }

    private static func configuration(clock: KithClock, inMemory: Bool = false) -> Configuration {
        var config = Configuration()
        // kith_now(): the command's "now" inside queries, so that what was logged after a
        // `--now` in the past does not count yet (a person's last contact, for one).
        config.prepareDatabase { db in
            db.add(function: DatabaseFunction("kith_now", argumentCount: 0, pure: false) { _ in clock.nowText })
            // An encrypted store's sorts and temporary tables stay in memory: Debian's SQLite
            // would otherwise spill them, decrypted, to temporary files.
            if inMemory { try db.execute(sql: "PRAGMA temp_store = MEMORY") }
        }
        config.foreignKeysEnabled = true
        // Two processes may write at once (a script and the CLI); wait instead of failing.
        config.busyMode = .timeout(15)
        return config
    }

    private func migrate() throws {
        let migrator = StoreSchema.migrator
        // Checked with a read: a store already up to date is opened without any write
        // transaction, which on an empty write-ahead log would write its header first, and so
        // fail to open for reading on a full or read-only disk.
        let upToDate = try read { db in
            if try migrator.hasBeenSuperseded(db) {
                throw KithError(
                    .storage,
                    "The store at \(self.path) was written by a newer Kith. Upgrade Kith to open it; nothing was changed."
                )
            }
            return try migrator.hasCompletedMigrations(db)
        }
        if upToDate { return }
        do { try migrator.migrate(writer) } catch { throw StoreFile.explain(error, path: path) }
    }

    /// From now on each write is one change in the change log.
    private func startLogging() throws {
        markedTables = try read { db in try ChangeLog.markedTables(db) }
        logsChanges = true
    }

    /// Runs `body` as one change in the change log (undo and history), inside the write
    /// transaction `db` is in.
    private func logged<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        guard logsChanges else { return try body() }
        let change = try ChangeLog.open(db, at: clock.nowText, marked: markedTables, cause: currentCause)
        let result = try body()
        try ChangeLog.close(db, id: change, marked: markedTables)
        causeLock.withLock { lastLogged[pthread_self()] = change }
        return result
    }

    /// Runs `body` in one write transaction, turning database errors into clear messages.
    /// Inside `transaction(_:)` it joins the open transaction instead.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        if let t = ownTransaction {
            if t.isolation == .pending {
                try t.db.execute(sql: "SAVEPOINT kith_isolated")
                t.isolation = .open
            }
            return try body(t.db)
        }
        do {
            return try sealing { try writer.write { db in try logged(db) { try body(db) } } }
        } catch let error as KithError {
            throw error
        } catch {
            throw StoreFile.explain(error, path: path)
        }
    }

    /// Runs `body` against a consistent snapshot (inside `transaction(_:)`, against its writes).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let db = openTransaction { return try body(db) }
        do {
            if let seal, let queue = writer as? DatabaseQueue { try seal.refresh(queue) }
            return try writer.read(body)
        } catch let error as KithError {
            throw error
        } catch {
            throw StoreFile.explain(error, path: path)
        }
    }

    /// Announces a change now, or after the open transaction commits.
    func committed(_ change: StoreChange) {
        // Only the owning thread appends, and it owns `changes` until its transaction ends.
        if let t = ownTransaction { t.changes.append(change) } else { announce([change]) }
    }

    /// Runs `body` as one all-or-nothing transaction: every store call inside it joins it.
    /// With `rollback: true` everything is undone at the end (a dry run); the changes that
    /// would have been made are returned either way. If `body` throws, nothing is kept.
    /// Other threads' calls do not join it: they wait for it to finish.
    @discardableResult
    public func transaction<T>(rollback: Bool = false, _ body: () throws -> T) throws -> (T, [StoreChange]) {
        guard ownTransaction == nil else {
            throw KithError(
                .conflict, "a transaction is already open: every store call inside it joins it, so open no other")
        }
        var outcome: (T, [StoreChange])?
        do {
            try sealing(rolledBack: rollback) {
                try writer.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        let t = OpenTransaction(db)
                        transactionLock.withLock { current = t }
                        defer { transactionLock.withLock { current = nil } }
                        outcome = (try logged(db) { try body() }, t.changes)
                        return rollback ? .rollback : .commit
                    }
                }
            }
        } catch let error as DatabaseError {
            throw StoreFile.explain(error, path: path)
        }
        // The body's own errors (a Lua failure, a refused row) went up as they are, with the
        // changes they made discarded with the transaction.
        guard let (result, changes) = outcome else {
            throw KithError(.storage, "the transaction ended without a result")
        }
        if !rollback { announce(changes) }
        return (result, changes)
    }

    /// Runs `body` inside the open transaction as a unit of its own (a savepoint, opened at
    /// its first write): if it throws, its writes and the changes it announced are dropped and
    /// the transaction goes on. Outside a transaction it is one.
    public func isolated(_ body: () throws -> Void) throws {
        guard let t = ownTransaction else {
            try transaction { try body() }
            return
        }
        guard t.isolation == nil else { return try body() }  // inside another: part of it
        let announced = t.changes.count, rowsChanged = t.db.totalChangesCount
        t.isolation = .pending
        defer { t.isolation = nil }
        do {
            try body()
            if t.isolation == .open { try t.db.execute(sql: "RELEASE kith_isolated") }
        } catch {
            // SQLite itself ended the transaction (a full disk, an I/O error): nothing after
            // this may write as if it were still open.
            guard t.db.isInsideTransaction else { throw TransactionLost(reason: "\(error)") }
            if t.isolation == .open {
                try t.db.execute(sql: "ROLLBACK TO kith_isolated; RELEASE kith_isolated")
            } else if t.db.totalChangesCount != rowsChanged {
                // A write that did not go through `write` cannot be taken back alone: the
                // whole transaction fails instead of keeping half of it.
                throw KithError(.storage, "a failed step changed rows outside a savepoint: \(error)")
            }
            t.changes.removeSubrange(announced...)
            throw error
        }
    }

}

/// The open transaction ended under a step of it (SQLite rolled it back on a full disk or an
/// I/O error): whoever runs steps in it must stop and let the transaction fail.
public struct TransactionLost: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { "the transaction was rolled back: \(reason)" }
}

/// Gives the data key of an encrypted store from its header (asking for a passphrase, reading
/// a passphrase file or the system's secret store); throws when it cannot.
public typealias StoreUnlock = @Sendable (SealHeader) throws -> SealKey

/// Kith's folders under the XDG base directories.
public enum KithPaths {
    /// `$XDG_DATA_HOME/kith` or `~/.local/share/kith`.
    public static func dataHome(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/kith" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/kith"
    }
}
