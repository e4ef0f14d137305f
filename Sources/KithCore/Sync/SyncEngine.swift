import Foundation
import GRDB

/// The store's side of a sync, inside one write transaction: finds what changed here since the
/// last sync and stamps it (`capture`), takes in what other devices wrote (`merge`: per field,
/// the later stamp wins), and writes the result into the person's tables (`materialize`).
///
/// Records travel by global id; a reference travels as the referred record's global id. A record
/// whose reference is not here yet waits (pending) and is written once it is. The state is a
/// join of everything seen: taking in the same records twice, or in another order, ends the same.
public final class SyncEngine {
    let db: Database
    let tables: [SyncTable]
    let byName: [String: SyncTable]
    /// This device's id (a new one when this copy of the store turns out to be a restored or
    /// cloned one).
    public var device: String
    /// The latest hybrid time this device has used or seen.
    public private(set) var clock: HybridTime
    let wallClock: @Sendable () -> Int64
    /// Records merge changed, to be written into the tables.
    var touched: [String: Set<ByteKey>] = [:]
    /// The fields merge left for each record it touched, so materialize need not read them back.
    var merged: [String: [ByteKey: [String: SyncField]]] = [:]
    /// Rows a capture must look at although the log does not name them (a record deleted
    /// elsewhere that stays here, to be sent again), by table.
    var forced: [String: Set<Int64>] = [:]
    /// The tables the last materialize wrote to, with those referring to them.
    public internal(set) var written = Set<String>()
    /// Tables a newer Kith wrote records of: kept, not written here.
    public internal(set) var unknownTables = Set<String>()
    /// Records this sync made here besides the person's edits (other versions kept), to send.
    public private(set) var recorded: [SyncRecord] = []
    /// What materialize could not write, in words, for the person.
    public internal(set) var problems: [String] = []
    /// Other versions of journal texts this sync kept (found here or arriving from elsewhere).
    public internal(set) var keptVersions = 0

    init(db: Database, wallClock: @escaping @Sendable () -> Int64) throws {
        self.db = db
        self.device = try Self.state("device", db) ?? ""
        self.wallClock = wallClock
        tables = try SyncTable.all(db)
        byName = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        clock = HybridTime(value: UInt64(try Self.state("clock", db) ?? "0") ?? 0)
    }

    var wall: HybridTime { HybridTime(milliseconds: UInt64(max(0, wallClock())) &* 1000) }

    // MARK: State

    static func state(_ key: String, _ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM sync_state WHERE key = ?", arguments: [key])
    }

    public func state(_ key: String) throws -> String? { try Self.state(key, db) }

    public func setState(_ key: String, _ value: String?) throws {
        if let value {
            try db.execute(
                sql:
                    "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM sync_state WHERE key = ?", arguments: [key])
        }
    }

    /// Keeps the clock for the next sync.
    func saveClock() throws { try setState("clock", String(clock.value)) }

    // MARK: Capture

    /// What changed here since the last capture, stamped with this device, and noted in the
    /// state so it is not found again. Each record's stamp is the time of its latest edit in
    /// the change log (the capture's time when the log no longer has it), never earlier than
    /// anything this device had seen: a change made offline in the morning loses to one made
    /// elsewhere at noon even when it is synced in the evening.
    /// `only`: the tables to look at (a sync looks again only where it wrote); nil for all.
    public func capture(only: Set<String>? = nil) throws -> [SyncRecord] {
        let start = clock
        let edits = try editTimes()
        let now = wall
        var latest = clock.tick(wall: now)
        func stamp(_ localKey: String?, _ table: String) -> SyncStamp {
            let edited = localKey.flatMap { edits[table + "\u{1}" + $0] } ?? now
            let time = start.tick(wall: min(edited, now))
            latest = max(latest, time)
            return SyncStamp(time: time, device: device)
        }
        // The table's rows as they travel, in a temporary table, compared with the state in
        // SQL: only what differs comes back (byte for byte: SQLite compares text as bytes).
        try db.execute(
            sql:
                "CREATE TEMP TABLE IF NOT EXISTS sync_current (gkey TEXT PRIMARY KEY, body TEXT NOT NULL, lkey TEXT NOT NULL) WITHOUT ROWID"
        )
        let scope = try CaptureScope.prepare(self)
        var out: [SyncRecord] = []
        for table in tables where only?.contains(table.name) ?? true {
            let rows = scope?.rows(of: table)
            try giveGlobalIDs(table, only: rows)
            let localKey = "json_object(" + table.key.map { "'\($0)', t.\"\($0)\"" }.joined(separator: ", ") + ")"
            try db.execute(sql: "DELETE FROM temp.sync_current")
            try db.execute(
                sql:
                    "INSERT OR REPLACE INTO temp.sync_current (gkey, body, lkey) SELECT \(table.globalKey), \(table.body), \(localKey) FROM \"\(table.name)\" t"
                    + (rows.map { " WHERE \($0)" } ?? "")
            )
            let differing = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.gkey, c.body, c.lkey, s.fields, s.body FROM temp.sync_current c
                    LEFT JOIN sync_row s ON s.tbl = ? AND s.gkey = c.gkey
                    WHERE s.body IS NULL OR s.body IS NOT c.body
                    """, arguments: [table.name])
            for row in differing {
                let key: String = row[0]
                let body: String = row[1]
                let values = try SyncBody.decode(body)
                var fields = try (row[3] as String?).map(SyncFieldsText.decode) ?? [:]
                let old = try (row[4] as String?).map(SyncBody.decode)
                let s = stamp(row[2], table.name)
                var changed: [String: SyncField] = [:]
                for (column, value) in values where old == nil || old?[column] != value {
                    if let old, old[column] == nil, fields[column] == nil {
                        // A column this device's schema has just gained: its value is older than
                        // any written where the column was known, and must not win over them.
                        let oldest = SyncStamp(time: HybridTime(value: 0), device: device)
                        fields[column] = SyncField(stamp: oldest, value: value)
                        continue
                    }
                    changed[column] = SyncField(stamp: s, value: value, base: fields[column]?.stamp)
                }
                if old == nil || fields[SyncRecord.exists]?.value != .int(1) {
                    changed[SyncRecord.exists] = SyncField(
                        stamp: s, value: .int(1), base: fields[SyncRecord.exists]?.stamp)
                }
                fields.merge(changed) { $1 }
                try saveRow(table.name, key, fields: fields, body: body)
                out.append(SyncRecord(table: table.name, key: key, fields: changed))
            }
            // Here before, gone now: deleted here. Its values are forgotten with it.
            let gone = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.gkey, s.fields FROM sync_row s WHERE s.tbl = ? AND s.body IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM temp.sync_current c WHERE c.gkey = s.gkey)
                    """ + (scope?.deletions(of: table).map { " AND \($0)" } ?? ""), arguments: [table.name])
            for row in gone {
                let key: String = row[0]
                let s = stamp(nil, table.name)
                var changed: [String: SyncField] = [:]
                for (column, field) in try SyncFieldsText.decode(row[1]) {
                    changed[column] = SyncField(
                        stamp: s, value: column == SyncRecord.exists ? .int(0) : .null, base: field.stamp)
                }
                try saveRow(table.name, key, fields: changed, body: nil)
                if table.byID, let gid = Self.globalID(key) {
                    try db.cachedStatement(sql: "DELETE FROM sync_gid WHERE tbl = ? AND gid = ?").execute(
                        arguments: [table.name, gid])
                }
                out.append(SyncRecord(table: table.name, key: key, fields: changed))
            }
        }
        try db.execute(sql: "DELETE FROM temp.sync_current")
        try db.execute(sql: "DELETE FROM sync_forgotten")
        if scope == nil { forced = [:] }
        clock = max(latest, clock)
        try setState("change", String(try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM change_log") ?? 0))
        try saveClock()
        return out
    }

    /// Gives each row of a table keyed by id that has none a new random global id.
    /// `only`: SQL limiting the rows looked at (alias `t`).
    func giveGlobalIDs(_ table: SyncTable, only: String? = nil) throws {
        guard table.byID else { return }
        try db.execute(
            sql: """
                INSERT INTO sync_gid (tbl, id, gid) SELECT ?, id, lower(hex(randomblob(16))) FROM "\(table.name)" t
                WHERE id NOT IN (SELECT id FROM sync_gid WHERE tbl = ?)
                """ + (only.map { " AND \($0)" } ?? ""), arguments: [table.name, table.name])
    }

    /// The latest time each row was changed since the last capture, by table and local key.
    /// From the last capture's change on: an empty change is dropped, and its id given again.
    private func editTimes() throws -> [String: HybridTime] {
        let since = Int64(try state("change") ?? "0") ?? 0
        var times: [String: HybridTime] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.tbl, r.key, max(max(l.at, coalesce(l.undone_at, l.at))) FROM change_row r
                JOIN change_log l ON l.id = r.change_id WHERE l.id >= ? GROUP BY r.tbl, r.key
                """, arguments: [since])
        while let row = try rows.next() {
            let at: String = row[2]
            guard let seconds = try? KithTime.parseInstant(at, field: "at"), seconds >= 0 else { continue }
            times[(row[0] as String) + "\u{1}" + (row[1] as String)] = HybridTime(milliseconds: UInt64(seconds) * 1000)
        }
        return times
    }

    private func saveRow(_ table: String, _ key: String, fields: [String: SyncField], body: String?) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO sync_row (tbl, gkey, fields, body) VALUES (?, ?, ?, ?)
                ON CONFLICT(tbl, gkey) DO UPDATE SET fields = excluded.fields, body = excluded.body
                """
        ).execute(arguments: [table, key, SyncFieldsText.encode(fields), body])
    }

    static func globalID(_ key: String) -> String? {
        guard
            case .array(let parts)? = try? JSONParser.parse(
                key, field: "key", maxDepth: 2, budget: SyncFieldsText.budget),
            parts.count == 1, case .string(let gid) = parts[0]
        else { return nil }
        return gid
    }

    // MARK: Merge

    /// Takes in records another device wrote: each field keeps the value with the later stamp.
    /// Unknown tables (a newer Kith's) are kept aside, not applied.
    /// Returns how far ahead of this machine's clock the latest stamp was, in seconds.
    @discardableResult
    public func merge(_ records: [SyncRecord]) throws -> Int64 {
        var ahead: Int64 = 0
        for record in records {
            guard Self.isKey(record.key), Self.isTableName(record.table) else {
                problems.append("a malformed record was skipped")
                continue
            }
            // A newer Kith's table: kept (and sent on in snapshots), written once this Kith has it.
            let known = byName[record.table] != nil
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT fields, body FROM sync_row WHERE tbl = ? AND gkey = ?"),
                arguments: [record.table, record.key])
            var fields = try row.map { try SyncFieldsText.decode($0[0]) } ?? [:]
            var changed = false
            for (column, incoming) in record.fields {
                // The clock follows what it sees, but not beyond a year past the wall clock: one
                // absurd stamp must not carry every device's clock to its end.
                clock = max(
                    clock,
                    min(incoming.stamp.time, HybridTime(milliseconds: UInt64(max(0, wallClock()) + 366 * 86400) * 1000))
                )
                let ms = Int64(clamping: incoming.stamp.time.milliseconds) / 1000 - wallClock()
                ahead = max(ahead, ms)
                guard let local = fields[column] else {
                    fields[column] = incoming
                    changed = true
                    continue
                }
                // Equal stamps (two copies that wrote as one device) still pick one value everywhere.
                guard
                    incoming.stamp > local.stamp
                        || (incoming.stamp == local.stamp && incoming.value != local.value
                            && JSONText.encode(incoming.value) > JSONText.encode(local.value))
                else { continue }
                if record.table == "journal_entry", column == "text", incoming.base != local.stamp,
                    local.value != incoming.value, case .string(let text) = local.value, !text.isEmpty,
                    fields[SyncRecord.exists]?.value == .int(1), let gid = Self.globalID(record.key)
                {
                    try keepVersion(entry: gid, stamp: local.stamp, text: text)
                }
                fields[column] = incoming
                changed = true
            }
            guard changed else { continue }
            try saveRow(record.table, record.key, fields: fields, body: row?[1])
            touched[record.table, default: []].insert(ByteKey(record.key))
            merged[record.table, default: [:]][ByteKey(record.key)] = fields
            if !known { unknownTables.insert(record.table) }
        }
        try saveClock()
        return ahead
    }

    func takeTouched() -> [String: Set<ByteKey>] {
        defer { touched = [:] }
        defer { merged = [:] }
        return touched
    }

    /// A table name as Kith makes them: lowercase letters, digits and underscores.
    static func isTableName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f }
    }

    static func isKey(_ key: String) -> Bool {
        guard key.utf8.count <= 4096,
            case .array(let parts)? = try? JSONParser.parse(
                key, field: "key", maxDepth: 2, budget: SyncFieldsText.budget)
        else { return false }
        return !parts.isEmpty
    }

    /// Notes the version a later one replaced: written as a `journal_version` record, which
    /// then travels to every device like any other.
    private func keepVersion(entry gid: String, stamp: SyncStamp, text: String) throws {
        let key = JSONText.encode(.array([.string(gid), .string(stamp.description)]))
        let existing = try Row.fetchOne(
            db, sql: "SELECT 1 FROM sync_row WHERE tbl = 'journal_version' AND gkey = ?", arguments: [key])
        guard existing == nil else { return }
        let fields: [String: SyncField] = [
            SyncRecord.exists: SyncField(stamp: stamp, value: .int(1)),
            "text": SyncField(stamp: stamp, value: .string(text)),
        ]
        try saveRow("journal_version", key, fields: fields, body: nil)
        recorded.append(SyncRecord(table: "journal_version", key: key, fields: fields))
        touched["journal_version", default: []].insert(ByteKey(key))
    }
}

/// A string compared byte for byte: SQLite tells "é" from "e\u{301}", so sync must too
/// (Swift's `==` treats them as one).
struct ByteKey: Hashable, Comparable {
    static func < (a: ByteKey, b: ByteKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
    let bytes: [UInt8]
    init(_ text: String) { bytes = Array(text.utf8) }
    var text: String { String(decoding: bytes, as: UTF8.self) }
}
