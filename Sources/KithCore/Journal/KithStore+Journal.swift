import Foundation
import GRDB

extension KithStore {
    /// Adds a journal entry.
    public func addJournalEntry(_ new: NewJournalEntry) throws -> JournalEntry {
        try insertJournalEntry(try validatedEntry(new))
    }

    /// An entry's fields checked and in stored form; people are resolved when it is written.
    struct ValidatedEntry {
        let at: String
        let mood: Int?
        let text: String
        let tags: [String]
        let metrics: [String: MetricValue]
        let people: [PersonReference]
    }

    func validatedEntry(_ new: NewJournalEntry) throws -> ValidatedEntry {
        // Text of nothing but spaces is no text: it must not make an otherwise empty entry valid.
        let text = new.text.allSatisfy(\.isWhitespace) ? "" : new.text
        let entry = ValidatedEntry(
            at: try instant(new.at, field: "at"), mood: try Self.checkMood(new.mood),
            text: try TextInput.clean(text, field: "text"), tags: try Self.cleanTags(new.tags),
            metrics: try validateMetrics(new.metrics), people: new.people)
        if entry.mood == nil && entry.text.isEmpty && entry.tags.isEmpty && entry.metrics.isEmpty {
            throw KithError(.invalidInput, "An entry needs at least a mood, some text, a tag or a metric.")
        }
        return entry
    }

    func insertJournalEntry(_ v: ValidatedEntry) throws -> JournalEntry {
        let entry: JournalEntry = try write { db in
            let people = try v.people.map { try Self.requirePerson($0, db: db, field: "people").id }
            try db.cachedStatement(sql: "INSERT INTO journal_entry (at, mood, text) VALUES (?, ?, ?)").execute(
                arguments: [v.at, v.mood, v.text])
            let entry = JournalEntry(
                id: db.lastInsertedRowID, at: v.at, mood: v.mood, text: v.text, tags: v.tags, metrics: v.metrics,
                people: people.isEmpty ? [] : Array(Set(people)).sorted())
            try Self.writeDetails(of: entry, db: db)
            return entry
        }
        committed(.journalAdded(entry))
        return entry
    }

    /// The entry with this id, or nil.
    public func journalEntry(_ id: Int64) throws -> JournalEntry? {
        try read { db in
            try Self.fetchEntries(db, sql: "SELECT id, at, mood, text FROM journal_entry WHERE id = ?", arguments: [id])
                .first
        }
    }

    /// Changes an entry: fields given replace the old ones; metrics merge into the old ones.
    public func updateJournalEntry(_ id: Int64, _ changes: JournalChanges) throws -> JournalEntry {
        let metrics = try changes.metrics.map(validateMetrics)
        let updated: JournalEntry = try write { db in
            guard
                var e = try Self.fetchEntries(
                    db, sql: "SELECT id, at, mood, text FROM journal_entry WHERE id = ?",
                    arguments: [id]
                ).first
            else {
                throw KithError(
                    .notFound, field: "id", "names no journal entry: there is no entry #\(id)", hint: .listJournal)
            }
            if let at = changes.at { e.at = try instant(at, field: "at") }
            if let mood = changes.mood { e.mood = try Self.checkMood(mood) }
            if let text = changes.text { e.text = try TextInput.clean(text, field: "text") }
            if let tags = changes.tags { e.tags = try Self.cleanTags(tags) }
            if let metrics { e.metrics.merge(metrics) { _, new in new } }
            if let people = changes.people {
                e.people = Array(Set(try people.map { try Self.requirePerson($0, db: db, field: "people").id }))
                    .sorted()
            }
            try db.execute(
                sql: "UPDATE journal_entry SET at = ?, mood = ?, text = ? WHERE id = ?",
                arguments: [e.at, e.mood, e.text, e.id])
            for table in ["journal_tag", "journal_metric", "journal_person"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE entry_id = ?", arguments: [e.id])
            }
            try Self.writeDetails(of: e, db: db)
            return e
        }
        committed(.journalUpdated(updated))
        return updated
    }

    /// Entries matching `filter`, newest first.
    public func journalEntries(_ filter: JournalFilter = JournalFilter()) throws -> [JournalEntry] {
        try Self.checkLimit(filter.limit)
        let (whereSQL, args) = try journalConditions(filter)
        var sql = "SELECT id, at, mood, text FROM journal_entry" + whereSQL + " ORDER BY at DESC, id DESC"
        if let limit = filter.limit { sql += " LIMIT \(limit)" }
        return try read { db in try Self.fetchEntries(db, sql: sql, arguments: StatementArguments(args)) }
    }

    /// One page of entries oldest first, starting after `cursor`: the building block of
    /// streaming reads (`kith.journal.each`) that hold at most one page in memory.
    public func journalPage(_ filter: JournalFilter, after cursor: JournalCursor?, size: Int = 256) throws
        -> [JournalEntry]
    {
        var (whereSQL, args) = try journalConditions(filter)
        if let cursor {
            whereSQL += (whereSQL.isEmpty ? " WHERE " : " AND ") + "(at, id) > (?, ?)"
            args.append(cursor.at)
            args.append(cursor.id)
        }
        let sql = "SELECT id, at, mood, text FROM journal_entry" + whereSQL + " ORDER BY at, id LIMIT \(max(1, size))"
        return try read { db in try Self.fetchEntries(db, sql: sql, arguments: StatementArguments(args)) }
    }

    /// How many entries the journal holds.
    public func journalEntryCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM journal_entry") ?? 0 }
    }

    /// Entries whose text matches a full-text query (SQLite FTS5 syntax: words, "phrases",
    /// prefix*, OR, NOT), best match first.
    public func searchJournal(_ query: String, limit: Int? = nil) throws -> [JournalEntry] {
        try Self.checkLimit(limit)
        let q = try TextInput.clean(query, field: "query", trim: true, allowEmpty: false)
        var sql = """
            SELECT journal_entry.id, at, mood, journal_entry.text FROM journal_fts
            JOIN journal_entry ON journal_entry.id = journal_fts.rowid
            WHERE journal_fts MATCH ? ORDER BY rank, at DESC
            """
        if let limit { sql += " LIMIT \(limit)" }
        return try read { db in
            do {
                return try Self.fetchEntries(db, sql: sql, arguments: [q])
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // FTS5 syntax the person did not mean ("unbalanced, a stray *): search the words.
                let words = q.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { "\"\($0)\"" }.joined(
                    separator: " ")
                guard !words.isEmpty else { throw KithError.invalid("query", "has no words to search for") }
                return try Self.fetchEntries(db, sql: sql, arguments: [words])
            }
        }
    }

    private func journalConditions(_ filter: JournalFilter) throws -> (String, [any DatabaseValueConvertible]) {
        let range = try TimeRange(since: filter.since, until: filter.until, clock: clock)
        let (sql, strings) = range.conditions("at")
        var conditions = sql
        var args: [any DatabaseValueConvertible] = strings
        if let tag = filter.tag {
            conditions.append("id IN (SELECT entry_id FROM journal_tag WHERE tag = ?)")
            args.append(try TextInput.tag(tag))
        }
        return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), args)
    }

    private func validateMetrics(_ metrics: [String: MetricValue]) throws -> [String: MetricValue] {
        var clean: [String: MetricValue] = [:]
        for (id, value) in metrics { clean[id] = try catalog.validateMetric(id, value) }
        return clean
    }

    static func checkMood(_ mood: Int?) throws -> Int? {
        if let mood, !(1...5).contains(mood) {
            throw KithError.invalid("mood", "must be an integer from 1 to 5, got \(mood)")
        }
        return mood
    }

    static func cleanTags(_ tags: [String]) throws -> [String] {
        tags.count == 1 ? [try TextInput.tag(tags[0])] : Array(Set(try tags.map(TextInput.tag))).sorted()
    }

    static func writeDetails(of e: JournalEntry, db: Database) throws {
        // Cached statements: an import writes these once per row.
        for tag in e.tags {
            try db.cachedStatement(sql: "INSERT INTO journal_tag (entry_id, tag) VALUES (?, ?)").execute(arguments: [
                e.id, tag,
            ])
        }
        for (metric, value) in e.metrics {
            try db.cachedStatement(sql: "INSERT INTO journal_metric (entry_id, metric, value) VALUES (?, ?, ?)")
                .execute(arguments: [e.id, metric, MetricCoding.encode(value)])
        }
        for person in e.people {
            try db.cachedStatement(sql: "INSERT INTO journal_person (entry_id, person_id) VALUES (?, ?)").execute(
                arguments: [e.id, person])
        }
    }

    /// Fetches entries from a `SELECT id, at, mood, text` query, with their tags, metrics and
    /// people loaded in three batched queries.
    static func fetchEntries(_ db: Database, sql: String, arguments: StatementArguments) throws -> [JournalEntry] {
        var entries: [JournalEntry] = []
        var index: [Int64: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            let id: Int64 = row[0]
            index[id] = entries.count
            entries.append(
                JournalEntry(id: id, at: row[1], mood: row[2], text: row[3], tags: [], metrics: [:], people: []))
        }
        guard !entries.isEmpty else { return entries }
        let ids = entries.map { String($0.id) }.joined(separator: ",")
        let tags = try Row.fetchCursor(
            db, sql: "SELECT entry_id, tag FROM journal_tag WHERE entry_id IN (\(ids)) ORDER BY entry_id, tag")
        while let row = try tags.next() { entries[index[row[0]]!].tags.append(row[1]) }
        let metrics = try Row.fetchCursor(
            db, sql: "SELECT entry_id, metric, value FROM journal_metric WHERE entry_id IN (\(ids))")
        while let row = try metrics.next() { entries[index[row[0]]!].metrics[row[1]] = MetricCoding.decode(row[2]) }
        let people = try Row.fetchCursor(
            db,
            sql:
                "SELECT entry_id, person_id FROM journal_person WHERE entry_id IN (\(ids)) ORDER BY entry_id, person_id"
        )
        while let row = try people.next() { entries[index[row[0]]!].people.append(row[1]) }
        return entries
    }
}

/// Stored form of a metric value: a JSON scalar, which keeps its kind without a schema.
enum MetricCoding {
    static func encode(_ value: MetricValue) -> String {
        switch value {
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let n): return String(n)
        case .number(let x): return x.rounded() == x && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)"
        case .text(let s):
            let data = try! JSONEncoder().encode(s)
            return String(decoding: data, as: UTF8.self)
        }
    }

    static func decode(_ text: String) -> MetricValue {
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default:
            if text.hasPrefix("\"") {
                return .text((try? JSONDecoder().decode(String.self, from: Data(text.utf8))) ?? text)
            }
            if let n = Int64(text) { return .integer(n) }
            return .number(Double(text) ?? 0)
        }
    }
}
