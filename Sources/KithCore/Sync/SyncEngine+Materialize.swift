import Foundation
import GRDB

extension SyncEngine {
    /// Writes what merge changed (and what waited before) into the person's tables: parents
    /// before the records that refer to them, deletions the other way round. A record whose
    /// reference is not here yet waits for a later sync; one that cannot be written is named
    /// in `problems`, and the rest is written all the same.
    public func materialize() throws {
        let known = merged
        var work = takeTouched()
        if let text = try state("pending"),
            case .array(let items)? = try? JSONParser.parse(
                text, field: "pending", maxDepth: 3, budget: SyncFieldsText.budget)
        {
            for case .array(let pair) in items where pair.count == 2 {
                if case .string(let table) = pair[0], case .string(let key) = pair[1] {
                    work[table, default: []].insert(ByteKey(key))
                }
            }
        }
        var records: [String: [(key: String, fields: [String: SyncField])]] = [:]
        for (table, keys) in work {
            for key in keys.sorted() {
                if let fields = known[table]?[key] {
                    records[table, default: []].append((key.text, fields))
                    continue
                }
                guard
                    let text = try String.fetchOne(
                        db.cachedStatement(sql: "SELECT fields FROM sync_row WHERE tbl = ? AND gkey = ?"),
                        arguments: [table, key.text])
                else { continue }
                records[table, default: []].append((key.text, try SyncFieldsText.decode(text)))
            }
        }
        let versionsBefore = try versionCount()
        defer { keptVersions += max(0, ((try? versionCount()) ?? versionsBefore) - versionsBefore) }
        var pending: [JSONValue] = []
        // Records of tables this Kith does not have yet wait, for a later version to write.
        for (table, keys) in work where byName[table] == nil {
            for key in keys.sorted() { pending.append(.array([.string(table), .string(key.text)])) }
        }
        for table in tables {
            for (key, fields) in records[table.name] ?? [] where fields[SyncRecord.exists]?.value == .int(1) {
                if try !write(table, key, fields) { pending.append(.array([.string(table.name), .string(key)])) }
            }
        }
        for table in tables.reversed() {
            for (key, fields) in records[table.name] ?? [] where fields[SyncRecord.exists]?.value != .int(1) {
                try remove(table, key)
            }
        }
        // What a second capture must look at: the tables written, what refers to them (a
        // cascade, a reference kept alive), and people (two of the same name separated).
        var affected = Set(records.keys.filter { byName[$0] != nil })
        if !affected.isEmpty { affected.insert("person") }
        var grew = true
        while grew {
            let before = affected.count
            for table in tables where table.references.values.contains(where: affected.contains) {
                affected.insert(table.name)
            }
            grew = affected.count > before
        }
        written = affected
        try setState("pending", pending.isEmpty ? nil : JSONText.encode(.array(pending)))
    }

    /// The local id of the record `gid` of `table`, if it is here.
    func localID(_ table: String, _ gid: String) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM sync_gid WHERE tbl = ? AND gid = ?"), arguments: [table, gid])
    }

    /// A travelling value as a local one: a reference's global id as the local id; nil when
    /// the record referred to is not here.
    private func local(_ value: JSONValue, column: String, of table: SyncTable) throws -> DatabaseValue? {
        if let target = table.references[column] {
            guard case .string(let gid) = value else { return value == .null ? .null : nil }
            return try localID(target, gid).map { $0.databaseValue }
        }
        switch value {
        case .null: return .null
        case .bool(let b): return (b ? 1 : 0).databaseValue
        case .int(let n): return n.databaseValue
        case .double(let x): return x.databaseValue
        case .string(let s): return s.databaseValue
        case .array, .object: return JSONText.encode(value).databaseValue
        }
    }

    /// The key's parts as local values (nil when a record it refers to is not here), and
    /// for a record with a global id, that id.
    private func localKey(_ table: SyncTable, _ key: String) throws -> (values: [DatabaseValue], gid: String?)? {
        guard
            case .array(let parts)? = try? JSONParser.parse(
                key, field: "key", maxDepth: 2, budget: SyncFieldsText.budget),
            parts.count == table.key.count
        else { return nil }
        if table.byID {
            guard case .string(let gid) = parts[0] else { return nil }
            return ([try localID(table.name, gid).map { $0.databaseValue } ?? .null], gid)
        }
        var values: [DatabaseValue] = []
        for (column, part) in zip(table.key, parts) {
            guard let v = try local(part, column: column, of: table), !v.isNull else { return nil }
            values.append(v)
        }
        return (values, nil)
    }

    /// Inserts or updates one record; false when it must wait (a record it refers to is not
    /// here) or could not be written.
    private func write(_ table: SyncTable, _ key: String, _ fields: [String: SyncField]) throws -> Bool {
        guard let (keyValues, gid) = try localKey(table, key) else { return false }
        var values: [DatabaseValue] = []
        for column in table.values {
            guard let v = try local(fields[column]?.value ?? .null, column: column, of: table) else { return false }
            values.append(v)
        }
        for attempt in 0..<2 {
            do {
                try inSavepoint { try upsert(table, keyValues, gid, values) }
                break
            } catch let error as DatabaseError
                where attempt == 0 && table.name == "person" && error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            {
                // Two people of the same name, added on two devices: the record with the
                // greater global id takes a distinguishing name, on every device alike.
                guard let gid, let index = table.values.firstIndex(of: "name"),
                    let name = String.fromDatabaseValue(values[index])
                else { throw error }
                if try !separateNames(name, incoming: gid, values: &values, table: table) { return false }
            } catch let error as DatabaseError {
                problems.append("a record of \(table.name) could not be written here (\(error.message ?? "refused"))")
                return false
            }
        }
        let localKey = table.byID ? [try localID(table.name, gid ?? "")?.databaseValue ?? .null] : keyValues
        let condition = table.key.map { "t.\"\($0)\" = ?" }.joined(separator: " AND ")
        let body = try String.fetchOne(
            db.cachedStatement(sql: "SELECT \(table.body) FROM \"\(table.name)\" t WHERE \(condition)"),
            arguments: StatementArguments(localKey))
        try db.cachedStatement(sql: "UPDATE sync_row SET body = ? WHERE tbl = ? AND gkey = ?").execute(
            arguments: [body, table.name, key])
        return true
    }

    private func upsert(_ table: SyncTable, _ key: [DatabaseValue], _ gid: String?, _ values: [DatabaseValue]) throws {
        let quoted = table.values.map { "\"\($0)\"" }
        if table.byID {
            if let id = key.first.flatMap(Int64.fromDatabaseValue),
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM \"\(table.name)\" WHERE id = ?)", arguments: [id])
                    == true
            {
                try db.cachedStatement(
                    sql: "UPDATE \"\(table.name)\" SET " + quoted.map { "\($0) = ?" }.joined(separator: ", ")
                        + " WHERE id = ?"
                ).execute(arguments: StatementArguments(values + [id.databaseValue]))
                return
            }
            try db.cachedStatement(
                sql: "INSERT INTO \"\(table.name)\" (\(quoted.joined(separator: ", "))) VALUES ("
                    + quoted.map { _ in "?" }.joined(separator: ", ") + ")"
            ).execute(arguments: StatementArguments(values))
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO sync_gid (tbl, id, gid) VALUES (?, ?, ?)").execute(
                arguments: [table.name, db.lastInsertedRowID, gid])
            return
        }
        let columns = table.key.map { "\"\($0)\"" } + quoted
        let update =
            quoted.isEmpty
            ? "DO NOTHING" : "DO UPDATE SET " + quoted.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try db.cachedStatement(
            sql: "INSERT INTO \"\(table.name)\" (\(columns.joined(separator: ", "))) VALUES ("
                + columns.map { _ in "?" }.joined(separator: ", ") + ") ON CONFLICT ("
                + table.key.map { "\"\($0)\"" }.joined(separator: ", ") + ") \(update)"
        ).execute(arguments: StatementArguments(key + values))
    }

    /// Of two people named `name`, the one with the greater global id is renamed "name (abcd)",
    /// abcd from its id. False when the other person is not found (the name clashed otherwise).
    private func separateNames(_ name: String, incoming gid: String, values: inout [DatabaseValue], table: SyncTable)
        throws -> Bool
    {
        guard
            let other = try Row.fetchOne(
                db,
                sql:
                    "SELECT p.id, g.gid FROM person p LEFT JOIN sync_gid g ON g.tbl = 'person' AND g.id = p.id WHERE p.name = ?",
                arguments: [name])
        else { return false }
        let otherGID: String = other[1] ?? ""
        if otherGID == gid { return false }
        let renamed = { (g: String) in "\(name) (\(g.prefix(4)))" }
        if gid > otherGID {
            if let i = table.values.firstIndex(of: "name") { values[i] = renamed(gid).databaseValue }
            if let i = table.values.firstIndex(of: "name_key") {
                values[i] = KithStore.foldedName(renamed(gid)).databaseValue
            }
        } else {
            try db.execute(
                sql: "UPDATE person SET name = ?, name_key = ? WHERE id = ?",
                arguments: [renamed(otherGID), KithStore.foldedName(renamed(otherGID)), other[0] as Int64])
        }
        problems.append(
            "two people named \(name) were added on two devices; one is now \"\(renamed(max(gid, otherGID)))\"")
        return true
    }

    /// Deletes a record deleted elsewhere. One still referred to here (an interaction with a
    /// person deleted on another device) stays, and comes back on the other devices.
    private func remove(_ table: SyncTable, _ key: String) throws {
        defer {
            try? db.execute(
                sql: "UPDATE sync_row SET body = NULL WHERE tbl = ? AND gkey = ?", arguments: [table.name, key])
        }
        guard let (keyValues, gid) = try localKey(table, key), !(keyValues.first?.isNull ?? true) else { return }
        let condition = table.key.map { "\"\($0)\" = ?" }.joined(separator: " AND ")
        do {
            try inSavepoint {
                try db.cachedStatement(sql: "DELETE FROM \"\(table.name)\" WHERE \(condition)").execute(
                    arguments: StatementArguments(keyValues))
            }
            if let gid {
                try db.cachedStatement(sql: "DELETE FROM sync_gid WHERE tbl = ? AND gid = ?").execute(
                    arguments: [table.name, gid])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            problems.append("a record of \(table.name) deleted on another device is still used here, so it stays")
            if table.byID, let id = keyValues.first.flatMap(Int64.fromDatabaseValue) {
                forced[table.name, default: []].insert(id)
            }
        }
    }

    private func inSavepoint(_ body: () throws -> Void) throws {
        try db.execute(sql: "SAVEPOINT sync_row_write")
        do {
            try body()
            try db.execute(sql: "RELEASE sync_row_write")
        } catch {
            try db.execute(sql: "ROLLBACK TO sync_row_write")
            try db.execute(sql: "RELEASE sync_row_write")
            throw error
        }
    }
}
