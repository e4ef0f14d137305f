import Foundation
import Testing

@testable import KithCore

@Suite("store migrations")
struct StoreMigrationTests {
    @Test("a store made when the change log had no cause column takes writes again once opened")
    func changeLogWithoutCause() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("old.sqlite")
        do {
            let store = try KithStore.open(path: path, clock: Fixture.clock, creating: true)
            var entry = NewJournalEntry()
            entry.text = "before"
            _ = try store.addJournalEntry(entry)
            // The store as v6 once shipped: no cause, and none of the later migrations.
            try store.writer.write { db in
                try db.execute(
                    sql: """
                        ALTER TABLE change_log DROP COLUMN cause;
                        DELETE FROM grdb_migrations WHERE identifier = 'v9-change-cause';
                        """)
            }
            store.checkpoint()
        }
        let reopened = try KithStore.open(path: path, clock: Fixture.clock)
        var entry = NewJournalEntry()
        entry.text = "after"
        _ = try reopened.addJournalEntry(entry)
        #expect(try reopened.journalEntries().map(\.text).sorted() == ["after", "before"])
        #expect(try reopened.undo() != nil, "the new write is in the change log, with its cause column")
    }
}
