import Foundation
import KithCore
import KithSeal
import Testing

@testable import KithSync

/// What a folder may hold that Kith did not write, or wrote and then lost track of: each is
/// refused or recovered from, and the rest still syncs.
@Suite("Sync: a hostile or broken folder")
struct SyncHostileFolderTests {
    /// Two devices sharing one folder, A having synced a first entry.
    func started() throws -> SyncWorld {
        let world = try SyncWorld(seed: 7, devices: 2)
        world.devices[1] = SyncWorld.Device(store: world.devices[1].store, folder: world.devices[0].folder)
        var entry = NewJournalEntry()
        entry.text = "first"
        _ = try world.devices[0].store.addJournalEntry(entry)
        try world.sync(0)
        return world
    }

    func add(_ text: String, on store: KithStore) throws {
        var entry = NewJournalEntry()
        entry.text = text
        _ = try store.addJournalEntry(entry)
    }

    /// A file sealed with the folder's key holding `payload` as A would write it.
    func sealed(_ world: SyncWorld, _ payload: Data) throws -> Data {
        try world.devices[0].store.synchronize(rollback: true) { engine in
            try SyncKeyring.writingKey(try SyncKeyring.load(engine), engine).seal(payload)
        }
    }

    @Test("links, pipes and folders under Kith names are refused without reading them; the rest syncs")
    func notPlainFiles() throws {
        let world = try started()
        defer { world.remove() }
        let folder = world.devices[0].folder.path
        let link = SyncFolder.newName()
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + link, withDestinationPath: "/dev/zero")
        let pipe = SyncFolder.newName()
        #expect(mkfifo(folder + "/" + pipe, 0o600) == 0)
        let dir = SyncFolder.newName()
        try FileManager.default.createDirectory(atPath: folder + "/" + dir, withIntermediateDirectories: false)
        let outcome = try world.sync(1)
        #expect(
            outcome.refused.filter { $0.contains("not a plain file") || $0.contains("cannot be read") }.count == 3,
            "\(outcome.refused)")
        #expect(try world.devices[1].store.journalEntries().map(\.text) == ["first"])
    }

    @Test("a sealed file from a newer Kith, or with values no column holds, is refused by name")
    func wellSealedButWrong() throws {
        let world = try started()
        defer { world.remove() }
        let folder = world.devices[0].folder
        let newer =
            #"{"kith":"sync","v":2,"kind":"changes","device":"0123456789abcdef","seq":1,"seen":{},"stamps":[],"records":[]}"#
        let deep =
            #"{"kith":"sync","v":1,"kind":"changes","device":"0123456789abcdef","seq":2,"seen":{},"stamps":["0000000000010000:0123456789abcdef"],"records":[["journal_entry","[\"aa\"]",{"text":[0,[[[1]]],-1]}]]}"#
        let badIndex =
            #"{"kith":"sync","v":1,"kind":"changes","device":"0123456789abcdef","seq":3,"seen":{},"stamps":[],"records":[["journal_entry","[\"aa\"]",{"text":[99,"x",-1]}]]}"#
        var names: [String: String] = [:]
        for (label, text) in [("newer", newer), ("deep", deep), ("index", badIndex)] {
            let name = SyncFolder.newName()
            try sealed(world, Data(text.utf8)).write(to: folder.appendingPathComponent(name))
            names[label] = name
        }
        let outcome = try world.sync(1)
        let refused = outcome.refused.joined(separator: "\n")
        #expect(refused.contains("\(names["newer"]!): a newer Kith wrote it"), "\(refused)")
        #expect(refused.contains("\(names["deep"]!): a field is malformed"), "\(refused)")
        #expect(refused.contains("\(names["index"]!): a stamp index is out of range"), "\(refused)")
        #expect(try world.devices[1].store.journalEntries().map(\.text) == ["first"])
    }

    @Test(
        "a sync stopped after its transaction, before its file reached the folder: the next one writes it, as the same device"
    )
    func stoppedBeforeTheFile() throws {
        let world = try started()
        defer { world.remove() }
        let a = world.devices[0].store
        try add("second", on: a)
        // The work of a sync, committed, and then the process ends before writing its file.
        let outcome = try a.synchronize { engine in
            try Round(store: a, engine: engine, environment: world.environment).run(
                path: world.devices[0].folder.path, credentials: world.credentials)
        }
        #expect(outcome.sent == 1)
        #expect(try a.synchronize(rollback: true) { try $0.outbox().count } == 1)
        let next = try world.sync(0)
        #expect(next.newDevice == nil, "\(next)")
        #expect(next.device == outcome.device)
        #expect(try a.synchronize(rollback: true) { try $0.outbox().count } == 0)
        try world.sync(1)
        #expect(try world.devices[1].store.journalEntries().map(\.text).sorted() == ["first", "second"])
    }

    @Test("a copy restored from before its first sync is refused: it would copy every record twice")
    func backupFromBeforeSync() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-sync-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("shared"), withIntermediateDirectories: true)
        let path = root.appendingPathComponent("kith.sqlite").path
        let environment = ["XDG_STATE_HOME": root.appendingPathComponent("state").path]
        let credentials = SyncCredentials(passphrase: { _ in SyncWorld.passphrase }, cost: { 17 })
        do {
            let store = try KithStore.open(path: path, creating: true)
            try add("before sync", on: store)
            store.checkpoint()
        }
        try FileManager.default.copyItem(atPath: path, toPath: path + ".backup")
        do {
            let store = try KithStore.open(path: path)
            _ = try Synchronizer.sync(
                store, folder: root.appendingPathComponent("shared").path, credentials: credentials,
                environment: environment)
            store.checkpoint()
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try FileManager.default.copyItem(atPath: path + ".backup", toPath: path)
        let restored = try KithStore.open(path: path)
        #expect {
            _ = try Synchronizer.sync(
                restored, folder: root.appendingPathComponent("shared").path, credentials: credentials,
                environment: environment)
        } throws: { error in
            "\(error)".contains("a backup from before its first sync")
        }
        #expect(try restored.journalEntries().map(\.text) == ["before sync"])
    }

    @Test("hybrid time: ticks never go back, follow the wall clock, and stamps sort as text as they compare")
    func hybridTime() {
        let wall = HybridTime(milliseconds: 1_000)
        let late = HybridTime(milliseconds: 5_000)
        #expect(late.tick(wall: wall) > late)
        #expect(HybridTime(value: 0).tick(wall: wall) == wall)
        #expect(HybridTime(value: .max).tick(wall: wall) == HybridTime(value: .max))
        let a = SyncStamp(time: late, device: "00000000000000ff")
        let b = SyncStamp(time: late, device: "0000000000000100")
        #expect(a < b && a.description < b.description)
        #expect(SyncStamp(text: a.description) == a)
        #expect(SyncStamp(text: "zz:0000000000000100") == nil)
    }
}
