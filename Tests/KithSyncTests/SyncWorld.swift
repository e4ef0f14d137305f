import Foundation
import KithCore
import KithSync

/// A seeded random source (SplitMix64): the same seed, the same history.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Devices that each see their own copy of the shared folder, and a carrier between them that
/// delivers files late, out of order, twice, cut short first, beside conflict copies and
/// temporary files: what Syncthing, a cloud drive or a USB stick may do.
final class SyncWorld {
    struct Device {
        let store: KithStore
        let folder: URL
        var edits = 0
    }

    let root: URL
    var devices: [Device] = []
    var random: SplitMix
    /// Files written anywhere, by name; and what each device's folder still lacks.
    var universe: [String: Data] = [:]
    var undelivered: [(name: String, to: Int)] = []
    /// Journal texts added and never edited or deleted: they must reach every device.
    var untouchedTexts: Set<String> = []
    let environment: [String: String]
    /// What happened, for a failure's message.
    var log: [String] = []
    static let passphrase = Array("correct horse battery".utf8)

    init(seed: UInt64, devices count: Int, skewHours: [Int64] = []) throws {
        random = SplitMix(state: seed)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-sync-\(UUID().uuidString)")
        environment = ["XDG_STATE_HOME": root.appendingPathComponent("state").path, "HOME": root.path]
        for i in 0..<count {
            let folder = root.appendingPathComponent("folder-\(i)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let skew = i < skewHours.count ? skewHours[i] * 3600 : 0
            let clock = KithClock.fixed(1_772_625_600 + skew, timeZone: TimeZone(secondsFromGMT: 0)!)
            devices.append(Device(store: try KithStore.inMemory(clock: clock), folder: folder))
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    var credentials: SyncCredentials {
        SyncCredentials(passphrase: { _ in SyncWorld.passphrase }, cost: { 17 })
    }

    @discardableResult
    func sync(_ i: Int) throws -> SyncOutcome {
        let textsBefore = Set(try devices[i].store.journalEntries().map(\.text))
        let outcome = try Synchronizer.sync(
            devices[i].store, folder: devices[i].folder.path, credentials: credentials, environment: environment)
        collect(from: i)
        let vanished = textsBefore.intersection(untouchedTexts).subtracting(
            try devices[i].store.journalEntries().map(\.text))
        if !vanished.isEmpty { log.append("VANISHED on \(i): \(vanished)") }
        log.append(
            "sync \(i): sent \(outcome.sent) read \(outcome.filesRead) \(outcome.problems) \(outcome.refused.count) refused"
        )
        return outcome
    }

    /// New Kith files in a device's folder join the universe, to be carried to the others.
    func collect(from i: Int) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: devices[i].folder.path)) ?? []
        for name in names where name.hasSuffix(".kithsync") && !name.contains("conflict") && universe[name] == nil {
            universe[name] = FileManager.default.contents(atPath: devices[i].folder.appendingPathComponent(name).path)
            for j in devices.indices where j != i { undelivered.append((name, j)) }
        }
    }

    /// Delivers one waiting file, with the carrier's habits.
    func deliverOne() {
        guard !undelivered.isEmpty else { return }
        let (name, to) = undelivered.remove(at: random.below(undelivered.count))
        guard let data = universe[name] else { return }
        let folder = devices[to].folder
        let target = folder.appendingPathComponent(name)
        if random.chance(15) {
            // Cut short first; the whole file arrives later under the same name.
            try? data.prefix(max(1, data.count / 2)).write(to: target)
            undelivered.append((name, to))
            return
        }
        try? data.write(to: target)
        if random.chance(20) {
            try? data.write(to: folder.appendingPathComponent(name + ".sync-conflict-20261130-101010-ABCDEFG.kithsync"))
        }
        if random.chance(10) {
            try? data.prefix(data.count / 3).write(to: folder.appendingPathComponent(".syncthing.\(name).tmp"))
        }
        if random.chance(5) { undelivered.append((name, to)) }  // delivered again
    }

    func deliverAll() {
        while !undelivered.isEmpty { deliverOne() }
    }

    /// One random edit on device `i`, as a person or a plugin makes them.
    func edit(_ i: Int) throws {
        let store = devices[i].store
        devices[i].edits += 1
        let tag = "d\(i)-\(devices[i].edits)"
        let people = try store.people(PeopleFilter(archived: nil))
        let entries = try store.journalEntries()
        switch random.below(9) {
        case 0:
            let name = ["Ana", "Ben", "Cy", "Dee", "Eli"][random.below(5)]
            guard !people.contains(where: { $0.name == name }) else { return }
            _ = try store.addPerson(NewPerson(name: name, type: "friend"))
        case 1:
            guard let p = people.randomElement(using: &random) else { return }
            var changes = PersonChanges()
            changes.phone = "555-\(tag)"
            _ = try store.updatePerson(.id(p.id), changes)
        case 2, 3:
            var new = NewJournalEntry()
            new.text = "entry \(tag)"
            new.mood = 1 + random.below(5)
            new.tags = ["calm", "work", "walk"].filter { _ in random.chance(40) }
            if let p = people.randomElement(using: &random), random.chance(30) { new.people = [.id(p.id)] }
            let e = try store.addJournalEntry(new)
            untouchedTexts.insert(new.text)
            log.append("\(i): add #\(e.id) \(new.text)")
        case 4:
            guard let e = entries.randomElement(using: &random) else { return }
            var changes = JournalChanges()
            changes.text = "edit \(tag)"
            untouchedTexts.remove(e.text)
            log.append("\(i): edit #\(e.id) \(e.text) -> \(changes.text!)")
            _ = try store.updateJournalEntry(e.id, changes)
        case 5:
            guard let e = entries.randomElement(using: &random) else { return }
            untouchedTexts.remove(e.text)
            log.append("\(i): delete #\(e.id) \(e.text)")
            _ = try store.deleteJournalEntry(e.id)
        case 6:
            guard let p = people.randomElement(using: &random) else { return }
            _ = try store.logInteraction(NewInteraction(person: .id(p.id), channel: .call))
        case 7:
            try store.setPluginValue(owner: "kith.test", key: ["k1", "k2"][random.below(2)], json: "\"\(tag)\"")
        default:
            // Now and then the person clears the history (the change log sync reads is gone).
            if random.chance(15) {
                _ = try store.clearHistory()
                log.append("\(i): history cleared")
                return
            }
            // Undo the last change (a sync's too: what it took back is sent as new changes).
            guard random.chance(50) else { return }
            // Undo may refuse (a sync renamed someone since): it says so and changes nothing.
            guard let undone = try? store.undo() else { return }
            log.append("\(i): undo \(undone.summary)")
            // An undone entry's text is no longer promised to arrive.
            let after = Set(try store.journalEntries().map(\.text))
            for e in entries where !after.contains(e.text) { untouchedTexts.remove(e.text) }
        }
    }

    /// Each device's data as it travels.
    func content(_ i: Int) throws -> [String] {
        try devices[i].store.synchronize(rollback: true) { try $0.contentLines() }
    }

    /// Syncs every device and carries every file until a round writes nothing new.
    func settle() throws -> Int {
        for round in 1...10 {
            let before = universe.count
            for i in devices.indices { try sync(i) }
            deliverAll()
            for i in devices.indices { try sync(i) }
            deliverAll()
            if universe.count == before { return round }
        }
        return 11
    }
}

extension RandomNumberGenerator where Self == SplitMix {}
extension SplitMix: RandomNumberGenerator {}
