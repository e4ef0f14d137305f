import GRDB

/// What sync keeps in the store, beside the person's data and outside the change log.
///
/// - `sync_gid`: the global id of each row of a table keyed by an integer id. Integer ids
///   collide between devices; records travel by these random ids, and references between
///   records (an interaction's person) travel as the referenced record's global id.
/// - `sync_row`: per record, its fields' values with the stamp that wrote each (`fields`, a JSON
///   object `{column: [stamp, value, base]}`, `_` for whether it exists), and the record as it
///   was last seen here (`body`, NULL when it is not here), to find what changed since.
/// - `sync_state`: this device's id, clock, keys and folder.
/// - `sync_file`: the folder's files this device has read or written (their names are random:
///   the folder shows nothing but sizes and times), by device and number, with what each
///   writer had seen then.
/// - `sync_outbox`: files a sync made, kept in the same transaction as what it changed and
///   written to the folder once that has committed (again, after a crash), so the folder never
///   holds a file the store does not know it wrote.
/// - `sync_forgotten`: global ids of rows deleted since the last capture (their deletions to send).
/// - `journal_version`: another version of a journal entry's text, written on another device
///   at the same time; kept, shown, and synced like every record.
enum SyncSchema {
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sync_gid (
                  tbl TEXT NOT NULL,
                  id INTEGER NOT NULL,
                  gid TEXT NOT NULL,
                  PRIMARY KEY (tbl, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX sync_gid_by_gid ON sync_gid(tbl, gid);
                CREATE TABLE sync_row (
                  tbl TEXT NOT NULL,
                  gkey TEXT NOT NULL,
                  fields TEXT NOT NULL,
                  body TEXT,
                  PRIMARY KEY (tbl, gkey)
                ) WITHOUT ROWID;
                CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE sync_file (
                  name TEXT PRIMARY KEY,
                  device TEXT NOT NULL,
                  seq INTEGER NOT NULL,
                  kind TEXT NOT NULL,
                  seen TEXT NOT NULL DEFAULT '{}'
                ) WITHOUT ROWID;
                CREATE TABLE sync_outbox (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE sync_forgotten (tbl TEXT NOT NULL, gid TEXT NOT NULL, PRIMARY KEY (tbl, gid)) WITHOUT ROWID;
                CREATE TABLE journal_version (
                  entry_id INTEGER NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
                  stamp TEXT NOT NULL,
                  text TEXT NOT NULL,
                  PRIMARY KEY (entry_id, stamp)
                ) WITHOUT ROWID;
                """)
    }

    /// The change log no longer says what changed since sync last looked (an undo wrote outside
    /// it, or it was cleared): the next capture looks at everything.
    static func logRewritten(_ db: Database) throws {
        guard try db.tableExists("sync_state") else { return }
        try db.execute(sql: "DELETE FROM sync_state WHERE key = 'change'")
    }

    /// A deleted row's global id is forgotten with it: SQLite gives a deleted last row's id to
    /// the next row added, which must be a new record everywhere, not the deleted one changed.
    static func installForgetTriggers(_ db: Database, tables: [String]) throws {
        guard try db.tableExists("sync_gid") else { return }
        for table in tables {
            try db.execute(
                sql: """
                    DROP TRIGGER IF EXISTS "sync_forget_\(table)";
                    CREATE TRIGGER "sync_forget_\(table)" AFTER DELETE ON "\(table)" BEGIN
                      INSERT OR IGNORE INTO sync_forgotten (tbl, gid) SELECT tbl, gid FROM sync_gid WHERE tbl = '\(table)' AND id = OLD.id;
                      DELETE FROM sync_gid WHERE tbl = '\(table)' AND id = OLD.id;
                    END;
                    """)
        }
    }
}

/// A table as sync sees it: its key, its other columns, and which columns refer to which
/// table's integer id (they travel as that record's global id).
struct SyncTable {
    let name: String
    /// Keyed by an integer `id`: records get a global id in `sync_gid`.
    let byID: Bool
    let key: [String]
    let values: [String]
    /// Column -> the table it refers to.
    let references: [String: String]

    /// The tables that sync, parents before the tables that refer to them. Not synced: the
    /// store's own identity (each device keeps its own), the change log, sync's own tables.
    static func all(_ db: Database) throws -> [SyncTable] {
        var tables: [SyncTable] = []
        for name in try ChangeLog.loggedTables(db) where name != "store_info" {
            let (all, key) = try ChangeLog.columns(of: name, db)
            guard key != ["rowid"] else { continue }
            var references: [String: String] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", arguments: [name])
            {
                references[row[0]] = row[1]
            }
            let byID = key == ["id"]
            tables.append(
                SyncTable(
                    name: name, byID: byID, key: key, values: all.filter { !key.contains($0) },
                    references: references))
        }
        // Parents first: a table after every table it refers to.
        var ordered: [SyncTable] = []
        var placed = Set<String>()
        while ordered.count < tables.count {
            let before = ordered.count
            for t in tables where !placed.contains(t.name) {
                if t.references.values.allSatisfy({ placed.contains($0) || $0 == t.name }) {
                    ordered.append(t)
                    placed.insert(t.name)
                }
            }
            if ordered.count == before { ordered += tables.filter { !placed.contains($0.name) }; break }
        }
        return ordered
    }

    /// SQL for a column's value as it travels: a reference as the referred record's global id.
    func travelling(_ column: String, row: String = "t") -> String {
        if let target = references[column] {
            return "(SELECT gid FROM sync_gid WHERE tbl = '\(target)' AND id = \(row).\"\(column)\")"
        }
        if byID && column == "id" { return "(SELECT gid FROM sync_gid WHERE tbl = '\(name)' AND id = \(row).id)" }
        return "\(row).\"\(column)\""
    }

    /// SQL for a row's global key: a JSON array of its key columns as they travel.
    var globalKey: String { "json_array(" + key.map { travelling($0) }.joined(separator: ", ") + ")" }

    /// SQL for a row's fields as they travel: a JSON object of its other columns.
    var body: String {
        "json_object(" + values.map { "'\($0)', \(travelling($0))" }.joined(separator: ", ") + ")"
    }
}
