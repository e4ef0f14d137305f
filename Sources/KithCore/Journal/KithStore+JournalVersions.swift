import Foundation
import GRDB

/// Another version of a journal entry's text: written on another device while this one was
/// written, and replaced by the later of the two when they met. Kept so nothing typed is lost.
public struct JournalVersion: Codable, Equatable, Sendable {
    /// When that version was written (its device's clock).
    public let writtenAt: String
    public let text: String

    enum CodingKeys: String, CodingKey { case writtenAt = "written_at", text }
}

extension KithStore {
    /// The other versions of entry `id`'s text, oldest first.
    public func journalVersions(_ id: Int64) throws -> [JournalVersion] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT stamp, text FROM journal_version WHERE entry_id = ? ORDER BY stamp", arguments: [id]
            ).map { row in
                let stamp = SyncStamp(text: row[0])
                let seconds = Int64(clamping: (stamp?.time.milliseconds ?? 0) / 1000)
                return JournalVersion(writtenAt: KithTime.formatInstant(seconds), text: row[1])
            }
        }
    }

    /// Entries that have other versions, by id.
    public func entriesWithVersions() throws -> [Int64] {
        try read { db in try Int64.fetchAll(db, sql: "SELECT DISTINCT entry_id FROM journal_version ORDER BY entry_id")
        }
    }
}
