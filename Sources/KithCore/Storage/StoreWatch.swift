import GRDB

/// Where the store stands, to tell whether anything changed since: commits by other processes
/// (SQLite's `data_version`) and this one's (the change log's newest change and undos).
public struct StoreMark: Equatable, Sendable {
    let dataVersion: Int64
    let newestChange: Int64
    let undone: Int64
}

/// The parts of a person's data a front end shows, named by what changed in them.
public enum StoreArea: String, CaseIterable, Sendable, Codable {
    case people, interactions, journal, schedule, reminders, assessments, plan, plugins, store

    /// The area of a table the change log tracks.
    static func of(table: String) -> StoreArea {
        switch table {
        case "person": return .people
        case "interaction": return .interactions
        case "journal_entry", "journal_tag", "journal_metric", "journal_person": return .journal
        case "schedule_event", "schedule_skip": return .schedule
        case "reminder_state": return .reminders
        case "assessment_result": return .assessments
        case "safety_plan_item": return .plan
        case "plugin_data": return .plugins
        default: return .store
        }
    }
}

extension KithStore {
    /// Where the store stands now.
    public func mark() throws -> StoreMark {
        try read { db in
            let version = try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0
            let row = try Row.fetchOne(
                db, sql: "SELECT coalesce(max(id), 0), count(undone_at) FROM change_log")
            return StoreMark(
                dataVersion: version, newestChange: Int64.fromDatabaseValue(row?[0] as DatabaseValue? ?? .null) ?? 0,
                undone: Int64.fromDatabaseValue(row?[1] as DatabaseValue? ?? .null) ?? 0)
        }
    }

    /// What changed since `mark`, by area (nothing when the store is where it was). A change
    /// the log cannot name (an undo, a restore, a commit outside the log) is `.store`: look again
    /// at everything.
    public func changes(since mark: StoreMark) throws -> (areas: [StoreArea], mark: StoreMark) {
        let now = try self.mark()
        guard now != mark else { return ([], now) }
        guard now.undone == mark.undone, now.newestChange > mark.newestChange else { return ([.store], now) }
        let tables = try read { db in
            // Rows changed or deleted are logged one by one; rows added, counted per table.
            try String.fetchAll(
                db,
                sql: """
                    SELECT tbl FROM change_row WHERE change_id > ?1
                    UNION SELECT key FROM change_log, json_each(change_log.added) WHERE change_log.id > ?1 AND value > 0
                    """, arguments: [mark.newestChange])
        }
        let areas = Set(tables.map(StoreArea.of(table:)))
        return (StoreArea.allCases.filter(areas.contains).nilIfEmpty ?? [.store], now)
    }
}

extension Array {
    fileprivate var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
