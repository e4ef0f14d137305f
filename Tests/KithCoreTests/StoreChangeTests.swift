import Foundation
import Testing
import KithCore

@Suite("Store changes: observers and transactions")
struct StoreChangeTests {
    private func observedStore() throws -> (KithStore, ChangeRecorder) {
        let store = try Fixture.store()
        let recorder = ChangeRecorder()
        store.observe { recorder.record($0) }
        return (store, recorder)
    }

    @Test("observers hear of each committed write, in order, with the written record")
    func observeWrites() throws {
        let (store, recorder) = try observedStore()
        let ana = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        var new = NewJournalEntry()
        new.mood = 4
        new.people = [.name("Ana")]
        let entry = try store.addJournalEntry(new)
        let call = try store.logInteraction(NewInteraction(person: .id(ana.id), channel: .call))

        let changes = recorder.all
        #expect(changes.count == 3)
        guard changes.count == 3 else { return }
        guard case .personAdded(let person) = changes[0] else {
            Issue.record("expected personAdded first, got \(changes[0].summary)")
            return
        }
        #expect(person == ana)
        guard case .journalAdded(let journal) = changes[1] else {
            Issue.record("expected journalAdded second, got \(changes[1].summary)")
            return
        }
        #expect(journal == entry)
        guard case .interactionLogged(let interaction) = changes[2] else {
            Issue.record("expected interactionLogged third, got \(changes[2].summary)")
            return
        }
        #expect(interaction == call)
        #expect(
            recorder.summaries == [
                "added person Ana (#\(ana.id))",
                "added journal entry #\(entry.id) at \(entry.at)",
                "logged interaction #\(call.id) with person #\(ana.id) at \(call.at)",
            ])
    }

    @Test("an observer runs after the commit, so it can read what was written")
    func observerSeesCommittedData() throws {
        let store = try Fixture.store()
        let recorder = ChangeRecorder()
        store.observe { change in
            if case .personAdded(let person) = change, (try? store.person(.id(person.id))) != nil {
                recorder.record(change)
            }
        }
        _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        #expect(recorder.all.count == 1)
    }

    @Test("refused writes announce nothing")
    func refusedWritesAreSilent() throws {
        let (store, recorder) = try observedStore()
        var bad = NewJournalEntry()
        bad.mood = 9
        #expect(throws: KithError.self) { _ = try store.addJournalEntry(bad) }
        #expect(throws: KithError.self) { _ = try store.addPerson(NewPerson(name: "Zed", type: "sponsor")) }
        #expect(throws: KithError.self) {
            _ = try store.logInteraction(NewInteraction(person: .name("Sam"), channel: .call))
        }
        #expect(recorder.all.isEmpty)
    }

    @Test("updates, plugin data and imports are announced too")
    func otherChanges() throws {
        let (store, recorder) = try observedStore()
        _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        try store.archivePerson(.name("Ana"))
        try store.setPluginValue(owner: "clinic", key: "k", json: "1")
        var hello = NewJournalEntry()
        hello.text = "hello"
        let entry = try store.addJournalEntry(hello)
        var changes = JournalChanges()
        changes.text = "hello again"
        _ = try store.updateJournalEntry(entry.id, changes)
        #expect(
            recorder.summaries == [
                "added person Ana (#1)", "updated person Ana (#1)", "stored key 'k' for clinic",
                "added journal entry #\(entry.id) at \(entry.at)", "updated journal entry #\(entry.id)",
            ])

        let (copy, copyRecorder) = try observedStore()
        try copy.importDocument(store.exportDocument())
        #expect(copyRecorder.summaries == ["imported 1 person, 0 interactions and 1 journal entry"])
    }

    @Test("a dry-run transaction undoes its writes and returns the changes it would have made")
    func rollback() throws {
        let (store, recorder) = try observedStore()
        let (id, changes) = try store.transaction(rollback: true) { () throws -> Int64 in
            let ana = try store.addPerson(NewPerson(name: "Ana", type: "family"))
            var new = NewJournalEntry()
            new.text = "a dry run"
            new.people = [.id(ana.id)]
            _ = try store.addJournalEntry(new)
            #expect(try store.people().map(\.name) == ["Ana"], "writes are visible inside the transaction")
            #expect(try store.journalEntries().count == 1)
            return ana.id
        }
        #expect(id == 1)
        #expect(changes.count == 2)
        #expect(changes.first?.summary == "added person Ana (#1)")
        if case .journalAdded(let entry)? = changes.last {
            #expect(entry.text == "a dry run")
        } else {
            Issue.record("expected journalAdded last")
        }
        #expect(try store.people(PeopleFilter(archived: nil)).isEmpty)
        #expect(try store.journalEntries().isEmpty)
        #expect(try store.searchJournal("dry").isEmpty)
        #expect(recorder.all.isEmpty, "a rolled-back transaction announces nothing")
        #expect(try store.person(.name("Ana")) == nil)
    }

    @Test("a committed transaction keeps every write and announces them after the commit")
    func commit() throws {
        let (store, recorder) = try observedStore()
        let (count, changes) = try store.transaction { () throws -> Int in
            _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
            _ = try store.addPerson(NewPerson(name: "Marco", type: "friend"))
            #expect(recorder.all.isEmpty, "nothing is announced before the commit")
            return try store.people().count
        }
        #expect(count == 2)
        #expect(changes.map(\.summary) == ["added person Ana (#1)", "added person Marco (#2)"])
        #expect(recorder.summaries == changes.map(\.summary))
        #expect(try store.people().map(\.name) == ["Ana", "Marco"])
    }

    @Test("a transaction whose body throws keeps nothing and announces nothing")
    func failingBody() throws {
        let (store, recorder) = try observedStore()
        _ = try store.addPerson(NewPerson(name: "Dee", type: "peer"))
        let error = #expect(throws: KithError.self) {
            _ = try store.transaction { () throws -> Void in
                _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
                var new = NewJournalEntry()
                new.mood = 3
                _ = try store.addJournalEntry(new)
                throw KithError(.conflict, "stop here")
            }
        }
        #expect(error?.description == "stop here")
        #expect(try store.people().map(\.name) == ["Dee"])
        #expect(try store.journalEntries().isEmpty)
        #expect(recorder.summaries == ["added person Dee (#1)"])

        // A failure from the store itself, half way through, rolls back the same way.
        #expect(throws: KithError.self) {
            _ = try store.transaction { () throws -> Void in
                _ = try store.addPerson(NewPerson(name: "Marco", type: "friend"))
                _ = try store.addPerson(NewPerson(name: "Dee", type: "peer"))
            }
        }
        #expect(try store.people().map(\.name) == ["Dee"])

        // The store is still usable afterwards.
        _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        #expect(try store.people().map(\.name) == ["Ana", "Dee"])
    }
}
