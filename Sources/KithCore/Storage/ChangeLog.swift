import Foundation
import GRDB

/// One change log for undo and history (and, later, sync): every write transaction made
/// through the store is one change, and SQLite triggers on every table of the person's data
/// record what it did to each row: the key of a row it added, the whole old row of one it
/// changed or deleted. Undo replays those records backwards. Triggers catch every route (the
/// CLI, Lua, imports, plugins) without each write remembering to log itself.
///
/// Rows a change adds to a table keyed by an increasing id are not logged one by one: the
/// change notes each such table's highest id when it opens (its mark), and undo deletes the
/// rows above it (their tags and metrics go with them by cascade). Undo is strictly last
/// change first, so every row above a mark belongs to that change. This keeps an import of a
/// million entries as cheap as before the log; rows at or below a mark are logged as usual.
enum ChangeLog {
    /// How many changes are kept for undo; older ones are dropped as new ones come.
    static let kept = 500

    /// The tables whose rows changes record: the person's data, not the log or the indexes.
    static func loggedTables(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'journal_fts%'
                  AND name NOT LIKE 'sync_%'
                  AND name NOT IN ('grdb_migrations', 'change_log', 'change_row') ORDER BY name
                """)
    }

    /// Tables keyed by an increasing `id`, whose new rows a mark covers.
    static func markedTables(_ db: Database) throws -> [String] {
        try loggedTables(db).filter { try columns(of: $0, db).key == ["id"] }
    }

    /// A table's columns, and those of its key (the rowid's alias, or a WITHOUT ROWID key).
    static func columns(of table: String, _ db: Database) throws -> (all: [String], key: [String]) {
        let rows = try Row.fetchAll(
            db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
        let all = rows.map { $0["name"] as String }
        let key = rows.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map {
            $0["name"] as String
        }
        return (all, key.isEmpty ? ["rowid"] : key)
    }

    /// Creates the log's tables and every table's triggers. A migration that adds a table or a
    /// column calls `installTriggers` again.
    static func create(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE change_log (
                  id INTEGER PRIMARY KEY,
                  at TEXT NOT NULL,
                  open INTEGER NOT NULL DEFAULT 1,
                  marks TEXT NOT NULL DEFAULT '{}',
                  added TEXT NOT NULL DEFAULT '{}',
                  cause INTEGER,
                  undone_at TEXT
                );
                CREATE TABLE change_row (
                  id INTEGER PRIMARY KEY,
                  change_id INTEGER NOT NULL REFERENCES change_log(id) ON DELETE CASCADE,
                  tbl TEXT NOT NULL,
                  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
                  key TEXT NOT NULL,
                  old TEXT
                );
                CREATE INDEX change_row_by_change ON change_row(change_id);
                """)
        try installTriggers(db)
    }

    static func installTriggers(_ db: Database) throws {
        let marked = Set(try markedTables(db))
        try SyncSchema.installForgetTriggers(db, tables: Array(marked))
        for table in try loggedTables(db) {
            let (all, key) = try columns(of: table, db)
            func object(_ row: String, _ names: [String]) -> String {
                "json_object(" + names.map { "'\($0)', \(row).\"\($0)\"" }.joined(separator: ", ") + ")"
            }
            // Only while a change is open (a write through the store): migrations and the undo
            // itself are not logged.
            let open = "(SELECT id FROM change_log WHERE open = 1 ORDER BY id DESC LIMIT 1)"
            // A row above its table's mark (or a journal entry's detail whose entry is) was added
            // by this change: undo deletes it by the mark, so it needs no record.
            func old(_ row: String) -> String {
                let (markTable, column): (String?, String) =
                    marked.contains(table)
                    ? (table, "id")
                    : all.contains("entry_id") ? ("journal_entry", "entry_id") : (nil, "")
                guard let markTable else { return "" }
                return
                    " AND \(row).\"\(column)\" <= (SELECT json_extract(marks, '$.\(markTable)') FROM change_log WHERE open = 1 ORDER BY id DESC LIMIT 1)"
            }
            for (op, event, keyRow, saved) in [
                ("insert", "INSERT", "NEW", "NULL"), ("update", "UPDATE", "NEW", object("OLD", all)),
                ("delete", "DELETE", "OLD", object("OLD", all)),
            ] {
                try db.execute(
                    sql: """
                        DROP TRIGGER IF EXISTS "log_\(table)_\(op)";
                        CREATE TRIGGER "log_\(table)_\(op)" AFTER \(event) ON "\(table)" WHEN \(open) IS NOT NULL\(old(keyRow)) BEGIN
                          INSERT INTO change_row (change_id, tbl, op, key, old) VALUES (\(open), '\(table)', '\(op)', \(object(keyRow, key)), \(saved));
                        END;
                        """)
            }
        }
    }

    /// Opens a change for the write transaction `db` is in, noting each marked table's highest
    /// id, and dropping the oldest changes beyond `kept`.
    /// `cause`: the change whose announcement made this write (a plugin handler's follow-up).
    static func open(_ db: Database, at: String, marked: [String], cause: Int64?) throws -> Int64 {
        let marks =
            "json_object("
            + marked.map { "'\($0)', (SELECT coalesce(max(id), 0) FROM \"\($0)\")" }.joined(separator: ", ") + ")"
        try db.cachedStatement(sql: "INSERT INTO change_log (at, marks, cause) VALUES (?, \(marks), ?)").execute(
            arguments: [at, cause])
        let id = db.lastInsertedRowID
        if id % 50 == 0 { try db.execute(sql: "DELETE FROM change_log WHERE id <= ?", arguments: [id - Int64(kept)]) }
        return id
    }

    /// Closes the change, counting the rows it added above each mark: kept if it changed
    /// anything, dropped if it changed nothing.
    static func close(_ db: Database, id: Int64, marked: [String]) throws {
        let added =
            "json_object("
            + marked.map { t in
                "'\(t)', (SELECT count(*) FROM \"\(t)\" WHERE id > json_extract(change_log.marks, '$.\(t)'))"
            }.joined(separator: ", ") + ")"
        try db.cachedStatement(sql: "UPDATE change_log SET open = 0, added = \(added) WHERE id = ?").execute(
            arguments: [id])
        let empty =
            "NOT EXISTS (SELECT 1 FROM change_row WHERE change_id = ?) AND NOT EXISTS (SELECT 1 FROM json_each(added) WHERE value > 0)"
        try db.cachedStatement(sql: "DELETE FROM change_log WHERE id = ? AND \(empty)").execute(arguments: [id, id])
    }
}

/// A change as `kith history` shows it.
public struct ChangeSummary: Codable, Equatable, Sendable {
    /// Its number.
    public let id: Int64
    /// When it was made.
    public let at: String
    /// What it did, counted by kind ("added 1 journal entry; changed 1 person").
    public let summary: String
    /// When it was undone, if it was.
    public let undoneAt: String?
    /// The change it followed from (a plugin's handler reacting to it); undone with it.
    public let cause: Int64?

    enum CodingKeys: String, CodingKey { case id, at, summary, undoneAt = "undone_at", cause }
}

extension ChangeLog {
    /// Words for a table's rows, singular and plural.
    static let nouns: [String: (String, String)] = [
        "person": ("person", "people"), "interaction": ("interaction", "interactions"),
        "journal_entry": ("journal entry", "journal entries"),
        "journal_tag": ("tag", "tags"), "journal_metric": ("metric value", "metric values"),
        "journal_person": ("person mentioned", "people mentioned"),
        "plugin_data": ("plugin setting", "plugin settings"), "schedule_event": ("commitment", "commitments"),
        "schedule_skip": ("skipped occurrence", "skipped occurrences"),
        "reminder_state": ("reminder state", "reminder states"),
        "assessment_result": ("assessment result", "assessment results"),
        "safety_plan_item": ("safety plan item", "safety plan items"),
        "store_info": ("store identity", "store identities"),
        "journal_version": ("other version of a journal entry", "other versions of journal entries"),
    ]

    /// "added 2 journal entries, 3 tags; deleted 1 person".
    static func describe(_ counts: [(op: String, table: String, count: Int)]) -> String {
        let verbs = ["insert": "added", "update": "changed", "delete": "deleted"]
        // What the person made first (an entry), then what belongs to it (its tags).
        let details: Set<String> = ["journal_tag", "journal_metric", "journal_person", "schedule_skip"]
        return ["insert", "update", "delete"].compactMap { op -> String? in
            let ordered =
                counts.filter { $0.op == op && !details.contains($0.table) }
                + counts.filter { $0.op == op && details.contains($0.table) }
            let parts = ordered.map { c -> String in
                let (one, many) =
                    nouns[c.table] ?? (
                        c.table.replacingOccurrences(of: "_", with: " "),
                        c.table.replacingOccurrences(of: "_", with: " ")
                    )
                return "\(c.count) \(c.count == 1 ? one : many)"
            }
            return parts.isEmpty ? nil : "\(verbs[op]!) " + parts.joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
