import Foundation
import Testing
@testable import KithCore

/// One store driven from several threads at once, as a server will: each transaction returns
/// and announces its own changes, never another thread's, and none is lost.
@Suite("One store, many threads")
struct StoreThreadsTests {
    private final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var ids: [Int64] = []
        func add(_ id: Int64) { lock.withLock { ids.append(id) } }
        var all: [Int64] { lock.withLock { ids } }
    }

    @Test("two threads' transactions each return exactly their own changes, and observers see every one once")
    func changesStayWithTheirTransaction() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-threads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try KithStore.open(path: folder.appendingPathComponent("kith.sqlite").path, creating: true)
        let announced = Seen()
        store.observe { change in if case .journalAdded(let e) = change { announced.add(e.id) } }
        let perThread = 400
        let mismatches = Seen(), done = DispatchGroup()
        for thread in 0..<2 {
            done.enter()
            Thread {
                defer { done.leave() }
                for i in 0..<perThread {
                    var entry = NewJournalEntry()
                    entry.text = "thread \(thread) entry \(i)"
                    do {
                        // Two writes per transaction: the second thread's transaction begins
                        // while this one announces, which is when a shared buffer mixed them up.
                        let (ids, changes) = try store.transaction { () -> [Int64] in
                            let first = try store.addJournalEntry(entry)
                            entry.text += " again"
                            return [first.id, try store.addJournalEntry(entry).id]
                        }
                        let returned = changes.compactMap { change -> Int64? in
                            if case .journalAdded(let e) = change { return e.id } else { return nil }
                        }
                        if returned != ids || changes.count != 2 { mismatches.add(ids[0]) }
                    } catch {
                        mismatches.add(-1)
                    }
                }
            }.start()
        }
        done.wait()
        #expect(
            mismatches.all.isEmpty, "transactions returned changes that were not theirs: \(mismatches.all.prefix(5))")
        #expect(announced.all.count == 4 * perThread, "announced \(announced.all.count) of \(4 * perThread)")
        #expect(Set(announced.all).count == announced.all.count, "a change was announced twice")
        #expect(try store.journalEntryCount() == 4 * perThread)
    }

    @Test("a transaction inside a transaction is refused with an error, not a trap")
    func nestedTransactionRefused() throws {
        let store = try KithStore.inMemory()
        let error = #expect(throws: KithError.self) {
            try store.transaction { try store.transaction { 1 } }
        }
        #expect(error?.description.contains("already open") == true)
    }
}
