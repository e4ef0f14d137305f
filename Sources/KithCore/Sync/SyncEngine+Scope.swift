import Foundation
import GRDB

/// Which rows a capture must look at. A full look compares every row with the state; most
/// syncs instead read the change log (the one that serves undo) for what changed since the
/// last capture: rows it changed or deleted, rows added above its marks, the details of
/// those (tags, metrics, mentions, skips, other versions). Whenever the log cannot say (the
/// first capture, a migration, an undo or history cleared (both forget the last capture's
/// place), the log trimmed past that place, or a week since the last full look), the capture
/// looks at everything.
struct CaptureScope {
    /// What the log says the capture must cover, in `temp.sync_dirty (tbl, id)`: ids of rows of
    /// tables keyed by id.
    static func prepare(_ engine: SyncEngine) throws -> CaptureScope? {
        let db = engine.db
        let marks = try engine.logMarks()
        defer { try? engine.saveLogMarks(marks) }
        guard let since = Int64(try engine.state("change") ?? ""),
            try engine.state("log-shape") == marks.shape,
            let fullAt = Int64(try engine.state("full-at") ?? ""), engine.wallClock() - fullAt < 7 * 86400,
            marks.first <= since || marks.first == 0, marks.first >= (Int64(try engine.state("log-first") ?? "0") ?? 0)
        else {
            try engine.setState("full-at", String(engine.wallClock()))
            return nil
        }
        // A log that ends before the last capture's change: it was cleared and began again.
        if marks.last < since {
            try engine.setState("full-at", String(engine.wallClock()))
            return nil
        }
        try db.execute(
            sql:
                "CREATE TEMP TABLE IF NOT EXISTS sync_dirty (tbl TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (tbl, id)) WITHOUT ROWID"
        )
        try db.execute(sql: "DELETE FROM temp.sync_dirty")
        for table in engine.tables {
            if table.byID {
                // Changed or deleted rows the triggers recorded, and rows added above the marks.
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO temp.sync_dirty (tbl, id)
                        SELECT ?, json_extract(r.key, '$.id') FROM change_row r WHERE r.tbl = ? AND r.change_id >= ?
                        """, arguments: [table.name, table.name, since])
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO temp.sync_dirty (tbl, id) SELECT ?, id FROM "\(table.name)"
                        WHERE id > (SELECT coalesce(min(json_extract(marks, '$.\(table.name)')), 9223372036854775807)
                                    FROM change_log WHERE id >= ?)
                        """, arguments: [table.name, since])
            } else if let parent = table.parentColumn.flatMap({ table.references[$0] }), let column = table.parentColumn
            {
                // A detail changed on its own: its parent's details are looked at.
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO temp.sync_dirty (tbl, id)
                        SELECT ?, json_extract(r.key, '$.\(column)') FROM change_row r WHERE r.tbl = ? AND r.change_id >= ?
                        """, arguments: [parent, table.name, since])
            }
        }
        for (table, ids) in engine.forced {
            for id in ids {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO temp.sync_dirty (tbl, id) VALUES (?, ?)", arguments: [table, id])
            }
        }
        engine.forced = [:]
        return CaptureScope()
    }

    /// SQL limiting a table's current rows (alias `t`) to those to look at; nil for all.
    func rows(of table: SyncTable) -> String? {
        if table.byID { return "t.id IN (SELECT id FROM temp.sync_dirty WHERE tbl = '\(table.name)')" }
        guard let column = table.parentColumn, let parent = table.references[column] else { return nil }
        return "t.\"\(column)\" IN (SELECT id FROM temp.sync_dirty WHERE tbl = '\(parent)')"
    }

    /// SQL limiting the state's records (alias `s`) to those that may have been deleted; nil
    /// for all.
    func deletions(of table: SyncTable) -> String? {
        if table.byID {
            return "s.gkey IN (SELECT json_array(gid) FROM sync_forgotten WHERE tbl = '\(table.name)')"
        }
        guard let column = table.parentColumn, let parent = table.references[column] else { return nil }
        return """
            json_extract(s.gkey, '$[0]') IN (SELECT gid FROM sync_forgotten WHERE tbl = '\(parent)'
              UNION SELECT g.gid FROM sync_gid g JOIN temp.sync_dirty d ON d.tbl = g.tbl AND d.id = g.id WHERE g.tbl = '\(parent)')
            """
    }
}

extension SyncTable {
    /// The first key column when it refers to another table: a detail of that record (a tag
    /// of an entry). Details are looked at with their parent.
    var parentColumn: String? {
        guard !byID, let first = key.first, references[first] != nil else { return nil }
        return first
    }
}

extension SyncEngine {
    /// What the change log looks like now: its first and last change, and a shape that changes
    /// with a migration or an undo (both write outside the log).
    struct LogMarks {
        var first: Int64
        var last: Int64
        var shape: String
    }

    func logMarks() throws -> LogMarks {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(min(id), 0), coalesce(max(id), 0),
                  (SELECT count(*) FROM grdb_migrations) || '/' || (SELECT count(*) FROM change_log WHERE undone_at IS NOT NULL)
                FROM change_log
                """)
        return LogMarks(first: row?[0] ?? 0, last: row?[1] ?? 0, shape: row?[2] ?? "")
    }

    func saveLogMarks(_ marks: LogMarks) throws {
        try setState("log-first", String(marks.first))
        try setState("log-shape", marks.shape)
    }
}
