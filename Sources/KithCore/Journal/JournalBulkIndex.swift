import GRDB

/// Full-text indexing of many new journal entries at once. The index's insert trigger costs
/// more than the row itself when it fires per row; for a large import it is taken out inside
/// the import's transaction, the new rows are indexed in one statement, and the trigger is
/// put back, so that no one, even after a crash, ever sees the store without it.
struct JournalBulkIndex {
    /// Below this many entries the trigger is cheaper than taking it out and putting it back.
    static let threshold = 1000

    /// The insert trigger as the schema makes it. It is put back from this text, never from
    /// the store's own copy: a tampered store's "trigger" could carry any SQL after it.
    static let insertTrigger = """
        CREATE TRIGGER journal_fts_insert AFTER INSERT ON journal_entry BEGIN
          INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text);
        END
        """
    private let lastIDBefore: Int64

    /// Takes the insert trigger out; nil (nothing done, the trigger indexes each row) unless
    /// the store's trigger is exactly the schema's.
    static func begin(_ db: Database) throws -> JournalBulkIndex? {
        let words = { (sql: String) in sql.split(whereSeparator: \.isWhitespace) }
        guard
            let stored = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'journal_fts_insert'"),
            words(stored) == words(insertTrigger)
        else { return nil }
        let last = try Int64.fetchOne(db, sql: "SELECT max(id) FROM journal_entry") ?? 0
        try db.execute(sql: "DROP TRIGGER journal_fts_insert")
        return JournalBulkIndex(lastIDBefore: last)
    }

    /// Indexes the `added` entries written since `begin` and puts the trigger back.
    func finish(_ db: Database, added: Int) throws {
        let above =
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM journal_entry WHERE id > ?", arguments: [lastIDBefore]) ?? 0
        if above == added {
            try db.execute(
                sql: "INSERT INTO journal_fts(rowid, text) SELECT id, text FROM journal_entry WHERE id > ?",
                arguments: [lastIDBefore])
        } else {
            // SQLite gave some new row a smaller id (only when the largest id was taken): the
            // new rows are not the ones above the mark, so the whole index is built again.
            try db.execute(sql: "INSERT INTO journal_fts(journal_fts) VALUES ('rebuild')")
        }
        try db.execute(sql: Self.insertTrigger)
    }
}
