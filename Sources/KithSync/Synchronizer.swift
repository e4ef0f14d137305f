import Foundation
import KithCore
import KithSeal

/// How a sync finds its keys: the sync passphrase (asked for only when needed; `creating` when
/// the folder has no key yet, to ask twice), or a pairing code.
public struct SyncCredentials: Sendable {
    public var passphrase: (@Sendable (_ creating: Bool) throws -> [UInt8])?
    public var pairingCode: String?
    /// scrypt's cost for a new folder key (log2 N).
    public var cost: @Sendable () throws -> UInt8

    public init(
        passphrase: (@Sendable (_ creating: Bool) throws -> [UInt8])? = nil, pairingCode: String? = nil,
        cost: @escaping @Sendable () throws -> UInt8
    ) {
        self.passphrase = passphrase
        self.pairingCode = pairingCode
        self.cost = cost
    }
}

/// What one sync did.
public struct SyncOutcome: Codable, Sendable {
    public var folder = ""
    public var device = ""
    /// Why this device took a new id (a restored or cloned copy), if it did.
    public var newDevice: String?
    /// Records sent, and taken in.
    public var sent = 0
    public var received = 0
    public var filesRead = 0
    /// Files refused, each with why.
    public var refused: [String] = []
    /// Files in the folder that are not Kith's (conflict copies, temporary files, others).
    public var ignored = 0
    /// Journal entries edited on two devices: the other version kept.
    public var keptVersions = 0
    /// Records waiting for a record they refer to.
    public var waiting = 0
    public var problems: [String] = []
    /// Hours another device's clock is ahead of this one's, when over an hour.
    public var clockAheadHours: Int?

    enum CodingKeys: String, CodingKey {
        case folder, device, newDevice = "new_device", sent, received, filesRead = "files_read", refused, ignored
        case keptVersions = "kept_versions", waiting, problems, clockAheadHours = "clock_ahead_hours"
    }
}

/// Sync through a shared folder: the store's changes since the last sync go there as one new
/// sealed file, and other devices' files are taken in, all in one store transaction (nothing
/// is kept of a sync that fails or is stopped; the next one does it again).
public enum Synchronizer {
    public static func sync(
        _ store: KithStore, folder path: String?, credentials: SyncCredentials,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> SyncOutcome {
        try flushOutbox(store)
        let outcome = try store.synchronize { engine in
            try Round(store: store, engine: engine, environment: environment).run(
                path: path, credentials: credentials)
        }
        try flushOutbox(store)
        return outcome
    }

    /// Writes the files a sync made once what it changed has committed, then forgets them:
    /// after a crash in between, the next sync writes the same bytes under the same name.
    static func flushOutbox(_ store: KithStore) throws {
        let (folder, files) = try store.synchronize(rollback: true) { engine in
            (try engine.state("folder"), try engine.outbox())
        }
        guard let folder, !files.isEmpty else { return }
        let shared = try SyncFolder(path: folder)
        for file in files { try shared.write(file.data, as: file.name) }
        try store.synchronize { engine in try engine.clearOutbox(files.map(\.name)) }
    }

    /// The folder's files decrypted: those this device has not read, and why others failed.
    struct Unread {
        var payloads: [(name: String, payload: SyncPayload)] = []
        var refused: [String] = []
    }

    /// Decrypts the files this device has not read. Keys a file carries open files sealed with
    /// them (a key another device made); `keys` gains them.
    static func readUnknown(
        _ listing: SyncFolder.Listing, folder: SyncFolder, keys: inout [SyncKey], known: [String: SyncFileInfo]
    ) -> Unread {
        var unread = Unread()
        var waiting = listing.data.filter { known[$0] == nil }
        var foreign: [String] = []
        while !waiting.isEmpty {
            let byID = Dictionary(keys.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let heldBefore = keys.count
            foreign = []
            for name in waiting {
                do {
                    guard let data = try folder.read(name) else { continue }
                    guard let id = SyncKeys.keyID(of: data), let key = byID[id] else {
                        foreign.append(name)
                        continue
                    }
                    let plain: Data
                    do { plain = try Seal.open(data, key: key.key) } catch {
                        unread.refused.append("\(name): it was changed or cut short after it was written")
                        continue
                    }
                    let payload = try SyncPayload.decode(plain)
                    for stored in payload.keys {
                        if let carried = SyncKey(stored: stored), !keys.contains(where: { $0.id == carried.id }) {
                            keys.append(carried)
                        }
                    }
                    unread.payloads.append((name, payload))
                } catch let error as KithError {
                    unread.refused.append("\(name): \(error.problem)")
                } catch {
                    unread.refused.append("\(name): \(error)")
                }
            }
            waiting = keys.count > heldBefore ? foreign : []
        }
        for name in foreign {
            unread.refused.append("\(name): sealed with a key this device does not have (another folder's?)")
        }
        // Snapshots first (they hold most), then by device and number: each device's own
        // edits in the order it made them.
        unread.payloads.sort {
            ($0.payload.kind == "snapshot" ? 0 : 1, $0.payload.device, $0.payload.seq)
                < ($1.payload.kind == "snapshot" ? 0 : 1, $1.payload.device, $1.payload.seq)
        }
        return unread
    }
}

/// One sync's work inside the store's transaction.
struct Round {
    let store: KithStore
    let engine: SyncEngine
    let environment: [String: String]

    func run(path: String?, credentials: SyncCredentials) throws -> SyncOutcome {
        var outcome = SyncOutcome()
        let saved = try engine.state("folder")
        guard let chosen = path ?? saved else {
            throw KithError(.invalidInput, "This store has no sync folder yet: give the folder your devices share")
        }
        let folder = try SyncFolder(path: chosen)
        if let saved, saved != folder.path {
            throw KithError(
                .conflict,
                "This store syncs through \(saved), not \(folder.path); nothing was changed. Devices must share one folder."
            )
        }
        let storePath = URL(fileURLWithPath: store.path).standardizedFileURL.resolvingSymlinksInPath().path
        if storePath.hasPrefix(folder.path + "/") {
            throw KithError(
                .invalidInput,
                "The store is inside the sync folder \(folder.path): the carrying tool would copy a live database and break it. Move the store out of it (or sync through another folder); nothing was changed"
            )
        }
        outcome.folder = folder.path
        folder.removeStaleTemporaries()
        let listing = try folder.list()
        outcome.ignored = listing.other
        var keys = try SyncKeyring.load(engine)
        keys = try SyncKeyring.gather(
            keys, listing: listing, folder: folder, credentials: credentials, clock: store.clock, engine: engine)

        // Who this copy is: a restored or cloned store takes a new device id.
        var known = try engine.knownFiles()
        let unread = Synchronizer.readUnknown(listing, folder: folder, keys: &keys, known: known)
        try SyncKeyring.save(keys, engine)
        // Always the same key to write with (the first this device wrote with), so a device
        // that holds only that one keeps reading it; every key held travels inside the files.
        let writing = try SyncKeyring.writingKey(keys, engine)
        let storeID = try engine.storeIdentity()
        var device = engine.device
        let ownSeq = Int64(try engine.state("seq") ?? "0") ?? 0
        if device.isEmpty {
            let earlier = SyncInstance.earlierDevices(storeID: storeID, environment)
            if let earlier = unread.payloads.first(where: { earlier.contains($0.payload.device) })?.payload.device {
                throw KithError(
                    .conflict,
                    "This store synced before (as device \(earlier)), but this copy has no record of it: it is a backup from before its first sync. Syncing it would copy every record twice; nothing was changed. Restore a later backup, or sync a new empty store to get your data back"
                )
            }
            device = SyncDevice.random()
        } else if let why = SyncInstance.mismatch(
            storePath: storePath, storeID: storeID, device: device, token: try engine.state("token"), environment)
        {
            outcome.newDevice = why
        } else if unread.payloads.contains(where: { $0.payload.device == device && $0.payload.seq > ownSeq }) {
            outcome.newDevice = "another copy of this store has synced as this device"
        }
        var replaces: String?
        if outcome.newDevice != nil {
            replaces = device
            device = SyncDevice.random()
            try engine.setState("seq", "0")
        }
        engine.device = device
        try engine.setState("device", device)
        outcome.device = device

        let local = try engine.capture()
        var ahead: Int64 = 0
        var retired = try SyncKeyring.retired(engine)
        for (name, payload) in unread.payloads {
            ahead = max(ahead, try engine.merge(payload.records))
            outcome.received += payload.records.count
            outcome.filesRead += 1
            try engine.noteFile(
                SyncFileInfo(
                    name: name, device: payload.device, seq: payload.seq, kind: payload.kind, seen: payload.seen))
            if payload.kind == "snapshot" { try engine.raiseFloors(payload.seen) }
            if let old = payload.replaces { retired.insert(old) }
        }
        if let replaces { retired.insert(replaces) }
        try SyncKeyring.saveRetired(retired, engine)
        outcome.refused = unread.refused
        if ahead > 3600 { outcome.clockAheadHours = Int(ahead / 3600) }
        try engine.materialize()
        let again = engine.written.isEmpty ? [] : try engine.capture(only: engine.written)
        let outgoing = local + again + engine.recorded
        if !outgoing.isEmpty || replaces != nil {
            known = try engine.knownFiles()
            let seq =
                max(
                    Int64(try engine.state("seq") ?? "0") ?? 0,
                    known.values.filter { $0.device == device }.map(\.seq).max() ?? 0) + 1
            let seen = try engine.seen()
            var payload = SyncPayload(kind: "changes", device: device, seq: seq, seen: seen, records: outgoing)
            payload.keys = keys.map(\.stored)
            payload.replaces = replaces
            let name = SyncFolder.newName()
            try engine.queueFile(name, try writing.seal(payload.encoded()))
            try engine.noteFile(SyncFileInfo(name: name, device: device, seq: seq, kind: "changes", seen: seen))
            try engine.setState("seq", String(seq))
            outcome.sent = outgoing.count
        }
        try SyncKeyring.removeExpiredPairings(engine, folder: folder, now: store.clock.now())
        try turnToken(storeID: storeID, device: device, storePath: storePath)
        try engine.setState("folder", folder.path)
        try engine.setState("last", store.clock.nowText)
        outcome.keptVersions = engine.keptVersions
        outcome.waiting = try engine.pendingCount()
        outcome.problems = engine.problems
        if !engine.unknownTables.isEmpty {
            outcome.problems.append(
                "another device runs a newer Kith: its \(engine.unknownTables.sorted().joined(separator: ", ")) records are kept until this one is updated"
            )
        }
        return outcome
    }

    /// A new token in the store and, first, in the file outside it.
    private func turnToken(storeID: String, device: String, storePath: String) throws {
        let previous = try engine.state("token")
        let token = SyncDevice.random() + SyncDevice.random()
        try SyncInstance.record(
            storePath: storePath, storeID: storeID, device: device, token: token, previous: previous, environment)
        try engine.setState("token", token)
    }
}
