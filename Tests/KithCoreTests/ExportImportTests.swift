import Foundation
import Testing
import KithCore

@Suite("Export, import, backup and the store file's permissions")
struct ExportImportTests {
    /// A store in memory filled with the demo network and journal.
    private func demoStore() throws -> KithStore {
        let store = try Fixture.store()
        try DemoData.fill(store)
        return store
    }

    /// Everything a store holds, for checking that nothing was written.
    private func isEmpty(_ store: KithStore) throws -> Bool {
        let doc = try store.exportDocument()
        return doc.people.isEmpty && doc.interactions.isEmpty && doc.journal.isEmpty && doc.pluginData.isEmpty
    }

    @Test("the demo fills an empty store and refuses a second time")
    func demoFill() throws {
        let store = try demoStore()
        let doc = try store.exportDocument()
        #expect(doc.people.count == 8)
        #expect(doc.journal.count == 56)
        #expect(!doc.interactions.isEmpty)
        #expect(doc.journal.allSatisfy { $0.at < Fixture.nowText })
        let before = try doc.encoded()
        let again = #expect(throws: KithError.self) { try DemoData.fill(store) }
        #expect(again?.kind == .conflict)
        #expect(try store.exportDocument().encoded() == before)
    }

    @Test("the demo is the same every time on the same clock, but for each store's random identity")
    func demoIsDeterministic() throws {
        var a = try demoStore().exportDocument(), b = try demoStore().exportDocument()
        #expect(a.storeId != b.storeId && a.storeId?.count == 32)
        a.storeId = nil
        b.storeId = nil
        #expect(try a.encoded() == b.encoded())
    }

    @Test("export, decode, import into an empty store and export again gives identical bytes")
    func roundTrip() throws {
        let store = try demoStore()
        try store.setPluginValue(owner: "clinic-csv", key: "last_import", json: "{\"rows\":3}")
        var change = PersonChanges()
        change.notes = .some("Sister; call after 6 pm")
        _ = try store.updatePerson(.name("Ana"), change)
        try store.archivePerson(.name("Recovery forum"))
        let first = try store.exportDocument().encoded()

        let doc = try StoreExport.decode(first, file: "a.json")
        #expect(doc.format == "kith-export")
        #expect(doc.version == 1)
        #expect(try doc == store.exportDocument())

        let copy = try Fixture.store()
        try copy.importDocument(doc)
        let second = try copy.exportDocument().encoded()
        #expect(second == first)
        #expect(try copy.pluginValue(owner: "clinic-csv", key: "last_import") == "{\"rows\":3}")
        #expect(try copy.person(.name("Recovery forum"))?.archived == true)
        #expect(try copy.person(.name("Ana"))?.lastInteractionAt == store.person(.name("Ana"))?.lastInteractionAt)
        #expect(String(decoding: first, as: UTF8.self).hasSuffix("}\n"))
    }

    @Test("an import into a store that holds data is refused and writes nothing")
    func importIntoNonEmptyStore() throws {
        let doc = try demoStore().exportDocument()
        let target = try Fixture.store()
        _ = try target.addPerson(NewPerson(name: "Zed", type: "friend"))
        let before = try target.exportDocument().encoded()
        let error = #expect(throws: KithError.self) { try target.importDocument(doc) }
        #expect(error?.kind == .conflict)
        #expect(try target.exportDocument().encoded() == before)
    }

    @Test("a document with a duplicate person id is refused and nothing is imported")
    func duplicatePersonId() throws {
        var doc = try demoStore().exportDocument()
        var twin = doc.people[0]
        twin.name = "Someone Else"
        doc.people.append(twin)
        let target = try Fixture.store()
        #expect(throws: KithError.self) { try target.importDocument(doc) }
        #expect(try isEmpty(target))
    }

    @Test("a document with a duplicate person name is refused and nothing is imported")
    func duplicatePersonName() throws {
        var doc = try demoStore().exportDocument()
        // Dr. Okafor has no interactions, so nothing else in the document depends on that row.
        let okafor = try #require(doc.people.first { $0.name == "Dr. Okafor" })
        #expect(!doc.interactions.contains { $0.personId == okafor.id })
        var twin = doc.people[1]
        twin.id = 1000
        twin.name = okafor.name
        doc.people.append(twin)
        let target = try Fixture.store()
        #expect(throws: KithError.self) { try target.importDocument(doc) }
        #expect(try isEmpty(target))
    }

    @Test("one bad row names itself and nothing is imported")
    func badRow() throws {
        let good = try demoStore().exportDocument()

        var badMood = good
        badMood.journal[10].mood = 9
        let mood = #expect(throws: KithError.self) { try Fixture.store().importDocument(badMood) }
        #expect(mood?.description.contains("journal[10]") == true)

        var badTime = good
        badTime.journal[20].at = "yesterday"
        let time = #expect(throws: KithError.self) { try Fixture.store().importDocument(badTime) }
        #expect(time?.description.contains("journal[20]") == true)

        var orphan = good
        orphan.interactions[3].personId = 999
        let target = try Fixture.store()
        let missing = #expect(throws: KithError.self) { try target.importDocument(orphan) }
        #expect(missing?.description.contains("interactions[3]") == true)
        #expect(try isEmpty(target))
    }

    @Test("a document that is not a Kith export is refused with an explanation")
    func malformedDocument() throws {
        let notJSON = #expect(throws: KithError.self) {
            _ = try StoreExport.decode(Data("not json".utf8), file: "x.json")
        }
        #expect(notJSON?.description.contains("x.json") == true)

        let text = String(decoding: try demoStore().exportDocument().encoded(), as: UTF8.self)
        let otherFormat = text.replacingOccurrences(of: "\"kith-export\"", with: "\"other\"")
        let format = #expect(throws: KithError.self) {
            _ = try StoreExport.decode(Data(otherFormat.utf8), file: "y.json")
        }
        #expect(format?.field == "format")
        let newer = text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")
        #expect(newer != text)
        let version = #expect(throws: KithError.self) { _ = try StoreExport.decode(Data(newer.utf8), file: "z.json") }
        #expect(version?.field == "version")
    }

    @Test("a backup opens as a store with the same export, and never overwrites a file")
    func backup() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try KithStore.open(path: folder.path("kith.sqlite"), clock: Fixture.clock, creating: true)
        try DemoData.fill(store)
        let original = try store.exportDocument().encoded()

        let copyPath = folder.path("backups/copy.sqlite")
        try store.backup(to: copyPath)
        #expect(try posixPermissions(copyPath) == 0o600)
        let copy = try KithStore.open(path: copyPath, clock: Fixture.clock, creating: true)
        #expect(try copy.exportDocument().encoded() == original)

        _ = try store.addPerson(NewPerson(name: "Zed", type: "friend"))
        let error = #expect(throws: KithError.self) { try store.backup(to: copyPath) }
        #expect(error?.kind == .conflict)
        #expect(
            try KithStore.open(path: copyPath, clock: Fixture.clock, creating: true).exportDocument().encoded()
                == original)
    }

    @Test("a store in memory can be backed up to a file")
    func backupFromMemory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try demoStore()
        try store.backup(to: folder.path("memory.sqlite"))
        let copy = try KithStore.open(path: folder.path("memory.sqlite"), clock: Fixture.clock, creating: true)
        #expect(try copy.exportDocument() == store.exportDocument())
    }

    @Test("a new store file is private: mode 0600 in a new folder of mode 0700")
    func permissions() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("private/kith/kith.sqlite")
        let store = try KithStore.open(path: path, clock: Fixture.clock, creating: true)
        _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        #expect(try posixPermissions(path) == 0o600)
        #expect(try posixPermissions(folder.path("private/kith")) == 0o700)

        let reopened = try KithStore.open(path: path, clock: Fixture.clock, creating: true)
        #expect(try reopened.people().map(\.name) == ["Ana"])
        #expect(try posixPermissions(path) == 0o600)
    }

    @Test("a file that is not a store is refused with a message naming it")
    func notAStore() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("notes.txt")
        try Data(String(repeating: "These are not SQLite pages. ", count: 200).utf8).write(
            to: URL(fileURLWithPath: path))
        let error = #expect(throws: KithError.self) {
            _ = try KithStore.open(path: path, clock: Fixture.clock, creating: true)
        }
        #expect(error?.kind == .storage)
        #expect(error?.description.contains(path) == true)
    }
}
