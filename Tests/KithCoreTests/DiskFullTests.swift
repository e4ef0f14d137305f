import Foundation
import Testing
@testable import KithCore

/// A full disk, simulated with SQLite's own limit on the database size (max_page_count on the
/// writer connection): the same SQLITE_FULL a full file system gives.
@Suite("Disk full and durability")
struct DiskFullTests {
    @Test("a write that does not fit is refused with a clear error, nothing half-written, the store intact")
    func diskFull() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-full-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try KithStore.open(path: folder.appendingPathComponent("s.sqlite").path, creating: true)
        _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        try store.limitSize(toPages: try store.pageCount() + 2)
        var big = NewJournalEntry()
        big.text = String(repeating: "a long day. ", count: 60_000)
        big.tags = ["full"]
        let error = #expect(throws: KithError.self) { try store.addJournalEntry(big) }
        #expect(error?.kind == .storage)
        #expect(error?.description.contains("is full; nothing was changed") == true, "\(String(describing: error))")
        #expect(try store.journalEntries().isEmpty)
        // An import that overflows part way keeps nothing either.
        var plan = ImportPlan()
        for i in 0..<200 {
            var e = NewJournalEntry()
            e.text = "entry \(i) " + String(repeating: "x", count: 2_000)
            plan.entries.append(.init(entry: e, line: i + 1))
        }
        #expect(throws: KithError.self) { _ = try store.apply(plan, file: "big.csv") }
        #expect(try store.journalEntryCount() == 0)
        #expect(try store.integrityCheck() == "ok")
        // Room again, and writes work.
        try store.limitSize(toPages: 1_073_741_823)
        _ = try store.addJournalEntry(big)
        #expect(try store.journalEntryCount() == 1)
    }

    @Test("every commit is synced to disk (synchronous=FULL), also after reopening")
    func durableCommits() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("durable.sqlite")
        #expect(try KithStore.open(path: path, clock: Fixture.clock, creating: true).writerSynchronousMode() == 2)
        #expect(try KithStore.open(path: path, clock: Fixture.clock, creating: true).writerSynchronousMode() == 2)
    }

    @Test("the store is in WAL mode and enforces foreign keys: an interaction with nobody is refused by SQLite itself")
    func walAndForeignKeys() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try KithStore.open(path: folder.path("keys.sqlite"), clock: Fixture.clock, creating: true)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") } == 1)
        // Straight to SQL, past Kith's own checks: only the database's constraint stands in the way.
        let error = #expect(throws: (any Error).self) {
            try store.writer.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO interaction (person_id, at, channel) VALUES (424242, '2026-03-01T10:00:00Z', 'call')"
                )
            }
        }
        #expect(
            "\(error.map { "\($0)" } ?? "")".contains("FOREIGN KEY constraint failed"),
            "refused for another reason: \(String(describing: error))")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM interaction") } == 0)
    }
}
