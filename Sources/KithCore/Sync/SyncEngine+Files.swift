import Foundation
import GRDB

/// A file of the sync folder as this device knows it.
public struct SyncFileInfo: Equatable, Sendable {
    public let name: String
    public let device: String
    public let seq: Int64
    /// "changes" or "snapshot".
    public let kind: String
    /// What its writer had applied then: device -> the highest number applied with none missing.
    public let seen: [String: Int64]

    public init(name: String, device: String, seq: Int64, kind: String, seen: [String: Int64]) {
        self.name = name
        self.device = device
        self.seq = seq
        self.kind = kind
        self.seen = seen
    }
}

extension SyncEngine {
    /// Every file this device has read or written, by name.
    public func knownFiles() throws -> [String: SyncFileInfo] {
        var out: [String: SyncFileInfo] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, device, seq, kind, seen FROM sync_file") {
            var seen: [String: Int64] = [:]
            if case .object(let o)? = try? JSONParser.parse(
                row[4], field: "seen", maxDepth: 2, budget: SyncFieldsText.budget)
            {
                for case (let d, .int(let s)) in o { seen[d] = s }
            }
            out[row[0]] = SyncFileInfo(name: row[0], device: row[1], seq: row[2], kind: row[3], seen: seen)
        }
        return out
    }

    /// Notes a file as read (its records merged) or written here.
    public func noteFile(_ file: SyncFileInfo) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO sync_file (name, device, seq, kind, seen) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                file.name, file.device, file.seq, file.kind,
                JSONText.encode(.object(file.seen.mapValues { .int($0) })),
            ])
    }

    /// Forgets files no longer in the folder (compacted away): each device's files up to the
    /// highest forgotten stay counted as read.
    public func forgetFiles(_ names: [String]) throws {
        var floors = try self.floors()
        for name in names {
            if let row = try Row.fetchOne(
                db, sql: "SELECT device, seq FROM sync_file WHERE name = ?", arguments: [name])
            {
                floors[row[0]] = max(floors[row[0]] ?? 0, row[1])
            }
            try db.execute(sql: "DELETE FROM sync_file WHERE name = ?", arguments: [name])
        }
        try setFloors(floors)
    }

    /// What a snapshot taken in holds counts as read.
    public func raiseFloors(_ seen: [String: Int64]) throws {
        try setFloors(try floors().merging(seen, uniquingKeysWith: max))
    }

    func floors() throws -> [String: Int64] {
        guard let text = try state("floors"),
            case .object(let o)? = try? JSONParser.parse(
                text, field: "floors", maxDepth: 2, budget: SyncFieldsText.budget)
        else { return [:] }
        var out: [String: Int64] = [:]
        for case (let d, .int(let s)) in o { out[d] = s }
        return out
    }

    private func setFloors(_ floors: [String: Int64]) throws {
        try setState("floors", JSONText.encode(.object(floors.mapValues { .int($0) })))
    }

    /// Per device, the highest file number read here with none before it missing (files
    /// compacted away or held by a snapshot taken in count as read).
    public func seen() throws -> [String: Int64] {
        var byDevice: [String: [Int64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT device, seq FROM sync_file ORDER BY device, seq") {
            byDevice[row[0], default: []].append(row[1])
        }
        var out = try floors()
        for (device, seqs) in byDevice {
            var top = out[device] ?? 0
            for s in seqs where s <= top + 1 { top = max(top, s) }
            out[device] = top
        }
        return out
    }

    /// Queues a file to write to the folder once this transaction has committed.
    public func queueFile(_ name: String, _ data: Data) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO sync_outbox (name, data) VALUES (?, ?)", arguments: [name, data])
    }

    /// Files waiting to be written.
    public func outbox() throws -> [(name: String, data: Data)] {
        try Row.fetchAll(db, sql: "SELECT name, data FROM sync_outbox ORDER BY name").map { ($0[0], $0[1]) }
    }

    public func clearOutbox(_ names: [String]) throws {
        for name in names { try db.execute(sql: "DELETE FROM sync_outbox WHERE name = ?", arguments: [name]) }
    }

    /// Every record sync knows, with all its fields: what a snapshot holds.
    public func snapshot() throws -> [SyncRecord] {
        var out: [SyncRecord] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT tbl, gkey, fields FROM sync_row ORDER BY tbl, gkey")
        while let row = try rows.next() {
            out.append(SyncRecord(table: row[0], key: row[1], fields: try SyncFieldsText.decode(row[2])))
        }
        return out
    }

    /// How many records wait for a record they refer to.
    public func pendingCount() throws -> Int {
        guard let text = try state("pending"),
            case .array(let items)? = try? JSONParser.parse(
                text, field: "pending", maxDepth: 3, budget: SyncFieldsText.budget)
        else { return 0 }
        return items.count
    }
}

extension KithStore {
    /// Runs a sync's work on the store as one write transaction (one change in the history:
    /// `kith undo` takes back what a sync wrote). With `rollback`, nothing is kept (a status
    /// check counting what would be sent).
    public func synchronize<T>(rollback: Bool = false, _ body: (SyncEngine) throws -> T) throws -> T {
        if rollback {
            return try transaction(rollback: true) {
                try write { db in try body(try SyncEngine(db: db, wallClock: clock.now)) }
            }.0
        }
        return try write { db in try body(try SyncEngine(db: db, wallClock: clock.now)) }
    }
}

extension SyncEngine {
    /// The store's own identity (each device's store keeps its own).
    public func storeIdentity() throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'id'") ?? "store"
    }

    /// How many other versions of journal texts are kept.
    public func versionCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_version") ?? 0
    }
}

extension SyncEngine {
    /// Every synced record as it travels ("table key body"), sorted: the same lines on two
    /// devices mean they hold the same data, whatever their local ids. Records without a
    /// global id yet get one (as a capture would).
    public func contentLines() throws -> [String] {
        var lines: [String] = []
        for table in tables {
            try giveGlobalIDs(table)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(table.globalKey), \(table.body) FROM \"\(table.name)\" t")
            while let row = try rows.next() {
                lines.append(table.name + " " + (row[0] as String) + " " + (row[1] as String))
            }
        }
        return lines.sorted()
    }
}
