import Foundation
import GRDB

extension KithStore {
    /// The latest changes, newest first (`kith history`).
    public func history(limit: Int = 20) throws -> [ChangeSummary] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT id FROM change_log WHERE open = 0 ORDER BY id DESC LIMIT ?", arguments: [max(0, limit)]
            )
            .map { try Self.summary(of: $0["id"], db) }
        }
    }

    private static func summary(of id: Int64, _ db: Database) throws -> ChangeSummary {
        let row = try Row.fetchOne(db, sql: "SELECT at, undone_at, cause FROM change_log WHERE id = ?", arguments: [id])
        // Rows added above the marks, then what the triggers recorded.
        // The log is in the file, which may have been edited by hand: values are read as
        // optionals, so an odd one is skipped rather than stopping the process.
        var counts = try Row.fetchAll(
            db,
            sql: """
                SELECT 'insert' AS op, key AS tbl, value AS n FROM change_log, json_each(change_log.added) WHERE change_log.id = ? AND value > 0
                """, arguments: [id]
        ).compactMap { row -> (op: String, table: String, count: Int)? in
            guard let table: String = Self.lenient(row, "tbl"), let n: Int = Self.lenient(row, "n") else { return nil }
            return ("insert", table, n)
        }
        for r in try Row.fetchAll(
            db,
            sql: "SELECT op, tbl, count(*) AS n FROM change_row WHERE change_id = ? GROUP BY op, tbl ORDER BY min(id)",
            arguments: [id])
        {
            guard let op: String = Self.lenient(r, "op"), let table: String = Self.lenient(r, "tbl"),
                let n: Int = Self.lenient(r, "n")
            else { continue }
            if let i = counts.firstIndex(where: { $0.op == op && $0.table == table }) {
                counts[i].count += n
            } else {
                counts.append((op, table, n))
            }
        }
        return ChangeSummary(
            id: id, at: row.flatMap { lenient($0, "at") } ?? "", summary: ChangeLog.describe(counts),
            undoneAt: row.flatMap { lenient($0, "undone_at") }, cause: row.flatMap { lenient($0, "cause") })
    }

    /// Reverses the latest change not yet undone, with the follow-up changes plugins made
    /// because of it, all in one transaction (an import included); nil when there is nothing
    /// to undo. The undo is not itself a change: it cannot be undone, and plugins hear no event.
    @discardableResult
    public func undo() throws -> ChangeSummary? {
        if openTransaction != nil { throw KithError(.conflict, "undo cannot run inside a transaction") }
        do {
            return try sealing { try undoWrite() }
        } catch let error as KithError {
            throw error
        } catch {
            throw StoreFile.explain(error, path: path)
        }
    }

    private func undoWrite() throws -> ChangeSummary? {
        do {
            return try writer.write { db -> ChangeSummary? in
                guard
                    let latest = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT id, coalesce(cause, id) AS root FROM change_log WHERE open = 0 AND undone_at IS NULL ORDER BY id DESC LIMIT 1
                            """)
                else { return nil }
                let root: Int64 = latest["root"]
                let group = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT id FROM change_log WHERE open = 0 AND undone_at IS NULL AND (id = ? OR cause = ?) ORDER BY id DESC
                        """, arguments: [root, root])
                // Rows come back in reverse, children before parents or after: keys are checked at commit.
                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                let tables = Set(try ChangeLog.loggedTables(db))
                for id in group { try Self.reverse(change: id, tables: tables, db) }
                try db.execute(
                    sql:
                        "UPDATE change_log SET undone_at = ? WHERE id IN (\(group.map(String.init).joined(separator: ",")))",
                    arguments: [clock.nowText])
                try SyncSchema.logRewritten(db)
                return try Self.summary(of: root, db)
            }
        } catch let error as KithError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw KithError(
                .conflict,
                "The last change cannot be undone: the store has moved on in a way it cannot reverse (\(error.message ?? "a constraint")); nothing was changed."
            )
        } catch {
            throw StoreFile.explain(error, path: path)
        }
    }

    /// A value of the type asked for, or nil: GRDB's own decoding stops the process on a
    /// mismatch, and the change log is in a file anyone can edit.
    static func lenient<T: DatabaseValueConvertible>(_ row: Row, _ column: String) -> T? {
        T.fromDatabaseValue(row[column] as DatabaseValue)
    }

    /// Replays one change's rows backwards, then deletes what it added above its marks.
    private static func reverse(change id: Int64, tables: Set<String>, _ db: Database) throws {
        var shapes: [String: (all: [String], key: [String])] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT tbl, op, key, old FROM change_row WHERE change_id = ? ORDER BY id DESC", arguments: [id])
        for row in rows {
            let table: String? = lenient(row, "tbl"), op: String? = lenient(row, "op"),
                key: String? = lenient(row, "key"), old: String? = lenient(row, "old")
            // The log is in the file: a name it holds is used only if it is one of the store's tables.
            guard let table, let op, let key, tables.contains(table) else {
                throw KithError(
                    .storage, "change #\(id) holds a row it cannot use ('\(table ?? "?")'); nothing was undone")
            }
            let shape = try shapes[table] ?? ChangeLog.columns(of: table, db)
            shapes[table] = shape
            let match = shape.key.map { "\"\($0)\" IS json_extract(:key, '$.\($0)')" }.joined(separator: " AND ")
            // A column added since the row was logged keeps its default: only the logged ones are put back.
            let logged =
                try old.map { try Set(String.fetchAll(db, sql: "SELECT key FROM json_each(?)", arguments: [$0])) } ?? []
            let columns = shape.all.filter(logged.contains)
            switch op {
            case "insert":
                try db.execute(sql: "DELETE FROM \"\(table)\" WHERE \(match)", arguments: ["key": key])
            case "delete":
                let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                let values = columns.map { "json_extract(:old, '$.\($0)')" }.joined(separator: ", ")
                try db.execute(sql: "INSERT INTO \"\(table)\" (\(names)) VALUES (\(values))", arguments: ["old": old])
            default:
                let set = columns.map { "\"\($0)\" = json_extract(:old, '$.\($0)')" }.joined(separator: ", ")
                try db.execute(
                    sql: "UPDATE \"\(table)\" SET \(set) WHERE \(match)", arguments: ["old": old, "key": key])
            }
        }
        // The rows the change added above its marks (their details go by cascade).
        for mark in try Row.fetchAll(
            db, sql: "SELECT key, value FROM change_log, json_each(change_log.marks) WHERE change_log.id = ?",
            arguments: [id])
        {
            let table: String = lenient(mark, "key") ?? "?"
            guard tables.contains(table), let above: Int64 = lenient(mark, "value") else {
                throw KithError(.storage, "change #\(id) holds a mark it cannot use ('\(table)'); nothing was undone")
            }
            try db.execute(sql: "DELETE FROM \"\(table)\" WHERE id > ?", arguments: [above])
        }
    }

    /// Forgets every change (nothing can be undone after), and rewrites the file so that what
    /// deleted rows held is gone from it too; returns how many changes were forgotten.
    public func clearHistory() throws -> Int {
        if openTransaction != nil { throw KithError(.conflict, "the history cannot be cleared inside a transaction") }
        do {
            return try sealing { try clearHistoryWrite() }
        } catch {
            throw StoreFile.explain(error, path: path)
        }
    }

    private func clearHistoryWrite() throws -> Int {
        do {
            let count = try writer.write { db -> Int in
                let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM change_log") ?? 0
                try db.execute(sql: "DELETE FROM change_log")
                try SyncSchema.logRewritten(db)
                return n
            }
            // VACUUM leaves no free page behind; TRUNCATE empties the -wal, which still holds
            // the old pages (the next open starts a new log).
            try writer.writeWithoutTransaction { db in
                // The full-text index keeps a deleted entry's words until its segments merge:
                // rebuilt from the entries as they are now, it holds none of them.
                try db.execute(sql: "INSERT INTO journal_fts(journal_fts) VALUES ('rebuild')")
                try db.execute(sql: "VACUUM")
                if seal == nil { try db.checkpoint(.truncate) }
            }
            return count
        } catch {
            throw StoreFile.explain(error, path: path)
        }
    }

    /// Deletes a journal entry with its tags, metrics and mentions (`kith undo` brings it back).
    public func deleteJournalEntry(_ id: Int64) throws -> JournalEntry {
        guard let entry = try journalEntry(id) else {
            throw KithError(
                .notFound, field: "id", "names no journal entry: there is no entry #\(id)", hint: .listJournal)
        }
        try write { db in try db.execute(sql: "DELETE FROM journal_entry WHERE id = ?", arguments: [id]) }
        return entry
    }

    /// Deletes an interaction.
    public func deleteInteraction(_ id: Int64) throws -> Interaction {
        guard let interaction = try interactions(InteractionFilter()).first(where: { $0.id == id }) else {
            throw KithError(
                .notFound, field: "id", "names no interaction: there is no interaction #\(id)", hint: .listInteractions)
        }
        try write { db in try db.execute(sql: "DELETE FROM interaction WHERE id = ?", arguments: [id]) }
        return interaction
    }

    /// What deleting a person would take with them.
    public struct PersonLinks: Sendable, Equatable {
        /// Interactions logged with them.
        public let interactions: Int
        /// Journal entries that mention them (the entries stay; the mention goes).
        public let mentions: Int
        /// Commitments with them (they stay, with no one named).
        public let commitments: Int
        /// Safety plan items naming them (they stay, with no one named).
        public let planItems: Int
    }

    /// Counts what refers to a person.
    public func links(of ref: PersonReference) throws -> (Person, PersonLinks) {
        let person = try requirePerson(ref)
        let links = try read { db in
            PersonLinks(
                interactions: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM interaction WHERE person_id = ?", arguments: [person.id]) ?? 0,
                mentions: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM journal_person WHERE person_id = ?", arguments: [person.id]) ?? 0,
                commitments: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM schedule_event WHERE person_id = ?", arguments: [person.id]) ?? 0,
                planItems: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM safety_plan_item WHERE person_id = ?", arguments: [person.id]) ?? 0)
        }
        return (person, links)
    }

    /// Deletes a person. Their interactions go with them only when `withInteractions` (else
    /// the delete is refused, saying how many there are: archiving keeps them); mentions in
    /// entries are removed, and commitments and plan items stay with no one named.
    public func deletePerson(_ ref: PersonReference, withInteractions: Bool) throws -> (Person, PersonLinks) {
        let (person, links) = try links(of: ref)
        if links.interactions > 0 && !withInteractions {
            throw KithError(
                .conflict, "\(person.name) has \(Plural.count(links.interactions, "interaction")) logged",
                hint: .deleteWithInteractions)
        }
        try write { db in
            try db.execute(sql: "DELETE FROM interaction WHERE person_id = ?", arguments: [person.id])
            try db.execute(sql: "DELETE FROM journal_person WHERE person_id = ?", arguments: [person.id])
            try db.execute(
                sql: "UPDATE schedule_event SET person_id = NULL WHERE person_id = ?", arguments: [person.id])
            // A plan item that was only their name says it was them, rather than turning blank.
            try db.execute(
                sql: "UPDATE safety_plan_item SET text = ? WHERE person_id = ? AND text = ''",
                arguments: [person.name, person.id])
            try db.execute(
                sql: "UPDATE safety_plan_item SET person_id = NULL WHERE person_id = ?", arguments: [person.id])
            try db.execute(sql: "DELETE FROM person WHERE id = ?", arguments: [person.id])
        }
        return (person, links)
    }
}
