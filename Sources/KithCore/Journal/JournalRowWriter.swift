import GRDB
import GRDBSQLite

/// Journal rows written through SQLite's own prepared statements, made once per import: an
/// import writes millions of rows, and a statement-cache lookup and boxed arguments per row
/// cost more than the row itself. Used only inside the import's transaction.
final class JournalRowWriter {
    private let connection: OpaquePointer
    private var entry: OpaquePointer?, tag: OpaquePointer?, metric: OpaquePointer?, person: OpaquePointer?
    private var existing: OpaquePointer?

    init(_ db: Database) throws {
        guard let connection = db.sqliteConnection else { throw KithError(.storage, "the store is closed") }
        self.connection = connection
        entry = try prepare("INSERT INTO journal_entry (at, mood, text) VALUES (?, ?, ?)")
        tag = try prepare("INSERT INTO journal_tag (entry_id, tag) VALUES (?, ?)")
        metric = try prepare("INSERT INTO journal_metric (entry_id, metric, value) VALUES (?, ?, ?)")
        person = try prepare("INSERT INTO journal_person (entry_id, person_id) VALUES (?, ?)")
        existing = try prepare("SELECT 1 FROM journal_entry WHERE at = ? AND mood IS ? AND text = ?")
    }

    deinit { [entry, tag, metric, person, existing].forEach { sqlite3_finalize($0) } }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK else { throw failure(rc) }
        return statement
    }

    private func failure(_ rc: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
    }

    /// Runs a statement once; true if it gave a row. Text parameters are bound from the
    /// strings' own bytes (no copy), so the step, the reset and the clearing of the bindings
    /// all happen while those bytes are still valid.
    private func run(_ statement: OpaquePointer?, _ values: [Value]) throws -> Bool {
        try bind(statement, values[...], at: 1)
    }

    enum Value {
        case text(String), integer(Int64), null
    }

    private func bind(_ statement: OpaquePointer?, _ rest: ArraySlice<Value>, at index: Int32) throws -> Bool {
        guard let first = rest.first else {
            let rc = sqlite3_step(statement)
            let error = rc == SQLITE_DONE || rc == SQLITE_ROW ? nil : failure(rc)
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
            if let error { throw error }
            return rc == SQLITE_ROW
        }
        switch first {
        case .integer(let n): sqlite3_bind_int64(statement, index, n)
        case .null: sqlite3_bind_null(statement, index)
        case .text(var s):
            return try s.withUTF8 { bytes in
                // Validation keeps texts far smaller; a length SQLite cannot take is refused, not cut.
                guard let length = Int32(exactly: bytes.count) else {
                    sqlite3_clear_bindings(statement)
                    throw KithError(.invalidInput, "a text of \(bytes.count) bytes is more than the store takes")
                }
                sqlite3_bind_text(statement, index, bytes.baseAddress, length, nil)
                return try bind(statement, rest.dropFirst(), at: index + 1)
            }
        }
        return try bind(statement, rest.dropFirst(), at: index + 1)
    }

    /// True if an entry with the same time, mood and text is stored.
    func contains(at: String, mood: Int?, text: String) throws -> Bool {
        try run(existing, [.text(at), mood.map { .integer(Int64($0)) } ?? .null, .text(text)])
    }

    /// Writes an entry with its tags, metrics and people (ids); returns its new id.
    func insert(_ e: JournalEntry) throws -> Int64 {
        _ = try run(entry, [.text(e.at), e.mood.map { .integer(Int64($0)) } ?? .null, .text(e.text)])
        let id = sqlite3_last_insert_rowid(connection)
        for t in e.tags { _ = try run(tag, [.integer(id), .text(t)]) }
        for (m, value) in e.metrics {
            _ = try run(metric, [.integer(id), .text(m), .text(MetricCoding.encode(value))])
        }
        for p in e.people { _ = try run(person, [.integer(id), .integer(p)]) }
        return id
    }
}
