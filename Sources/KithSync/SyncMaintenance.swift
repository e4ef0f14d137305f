import Crypto
import Foundation
import KithCore

/// Where a store's sync stands.
public struct SyncStatus: Codable, Sendable {
    public struct Device: Codable, Sendable {
        public var id: String
        public var files: Int
        /// When its latest file arrived in the folder.
        public var lastFile: String?
        /// How far it has read this device's files (its latest file's number it had seen).
        public var readOurs: Int64
        public var isThisDevice: Bool

        enum CodingKeys: String, CodingKey {
            case id, files, lastFile = "last_file", readOurs = "read_ours", isThisDevice = "this_device"
        }
    }

    public var folder: String?
    public var device: String?
    public var lastSync: String?
    /// Records changed here since the last sync.
    public var toSend = 0
    /// Files in the folder this device has not read.
    public var toTakeIn = 0
    public var waiting = 0
    public var keptVersions = 0
    public var devices: [Device] = []
    /// The synced data's digest: equal on two devices when they hold the same.
    public var records = 0
    public var digest = ""

    enum CodingKeys: String, CodingKey {
        case folder, device, lastSync = "last_sync", toSend = "to_send", toTakeIn = "to_take_in", waiting
        case keptVersions = "kept_versions", devices, records, digest
    }
}

/// What compaction did.
public struct CompactOutcome: Codable, Sendable {
    public var removed = 0
    public var bytesBefore = 0
    public var bytesAfter = 0
    /// Devices that have not read everything yet, holding files back.
    public var waitingFor: [String] = []

    enum CodingKeys: String, CodingKey {
        case removed, bytesBefore = "bytes_before", bytesAfter = "bytes_after", waitingFor = "waiting_for"
    }
}

extension Synchronizer {
    /// Nothing is written: the count of what would be sent comes from a capture rolled back.
    public static func status(_ store: KithStore) throws -> SyncStatus {
        try store.synchronize(rollback: true) { engine in
            var status = SyncStatus()
            status.folder = try engine.state("folder")
            status.device = try engine.state("device").flatMap { $0.isEmpty ? nil : $0 }
            status.lastSync = try engine.state("last")
            status.waiting = try engine.pendingCount()
            status.keptVersions = try engine.versionCount()
            let lines = try engine.contentLines()
            status.records = lines.count
            status.digest = SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)).prefix(8)
                .map { String(format: "%02x", $0) }.joined()
            guard let path = status.folder, status.device != nil else { return status }
            status.toSend = try engine.capture().count
            let known = try engine.knownFiles()
            if let folder = try? SyncFolder(path: path), let listing = try? folder.list() {
                status.toTakeIn = listing.data.filter { known[$0] == nil }.count
                status.devices = devices(known, present: Set(listing.data), folder: folder, this: status.device)
            }
            return status
        }
    }

    static func devices(_ known: [String: SyncFileInfo], present: Set<String>, folder: SyncFolder, this: String?)
        -> [SyncStatus.Device]
    {
        let files = known.values.filter { present.contains($0.name) }
        return Dictionary(grouping: files, by: \.device).map { id, own in
            let latest = own.max { $0.seq < $1.seq }
            let date = latest.flatMap { folder.modified($0.name) }.map {
                KithTime.formatInstant(Int64($0.timeIntervalSince1970))
            }
            return SyncStatus.Device(
                id: id, files: own.count, lastFile: date, readOurs: this.flatMap { latest?.seen[$0] } ?? 0,
                isThisDevice: id == this)
        }.sorted { $0.id < $1.id }
    }

    /// Bounds the folder: syncs, writes a snapshot of everything, then removes the files the
    /// snapshot holds that every device has read (each device's latest file stays: it says
    /// what that device has read). A new device starts from the snapshot.
    public static func compact(
        _ store: KithStore, credentials: SyncCredentials,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> CompactOutcome {
        _ = try sync(store, folder: nil, credentials: credentials, environment: environment)
        let prepared = try store.synchronize { engine in
            guard let path = try engine.state("folder") else {
                throw KithError(.invalidInput, "This store does not sync yet")
            }
            let folder = try SyncFolder(path: path)
            let listing = try folder.list()
            var outcome = CompactOutcome()
            outcome.bytesBefore = folderBytes(folder)
            let keys = try SyncKeyring.load(engine)
            guard !keys.isEmpty else { throw KithError(.invalidInput, "This store does not sync yet") }
            let writing = try SyncKeyring.writingKey(keys, engine)
            let known = try engine.knownFiles()
            let present = listing.data.filter { known[$0] != nil }
            let device = engine.device
            let seq =
                max(
                    Int64(try engine.state("seq") ?? "0") ?? 0,
                    known.values.filter { $0.device == device }.map(\.seq).max() ?? 0)
                + 1
            let seen = try engine.seen()
            var snapshot = SyncPayload(
                kind: "snapshot", device: device, seq: seq, seen: seen, records: try engine.snapshot())
            snapshot.keys = keys.map(\.stored)
            // Queued like every file: it is in the folder before anything it replaces leaves.
            let name = SyncFolder.newName()
            try engine.queueFile(name, try writing.seal(snapshot.encoded()))
            try engine.noteFile(SyncFileInfo(name: name, device: device, seq: seq, kind: "snapshot", seen: seen))
            try engine.setState("seq", String(seq))
            return (outcome: outcome, name: name, seq: seq, seen: seen, present: present)
        }
        try flushOutbox(store)
        return try store.synchronize { engine in
            let folder = try SyncFolder(path: try engine.state("folder") ?? "")
            var outcome = prepared.outcome
            let (name, seq, seen, present) = (prepared.name, prepared.seq, prepared.seen, prepared.present)
            let device = engine.device
            let retired = try SyncKeyring.retired(engine)
            let known = try engine.knownFiles()

            // What each device has read: its latest file's record of it (ours: now).
            var read: [String: [String: Int64]] = [:]
            for file in known.values
            where (file.name == name || present.contains(file.name)) && !retired.contains(file.device) {
                if (read[file.device]?["\u{0}seq"] ?? -1) < file.seq {
                    read[file.device] = file.seen.merging(["\u{0}seq": file.seq]) { a, _ in a }
                }
            }
            read[device] = seen.merging(["\u{0}seq": seq]) { a, _ in a }
            let newest = Dictionary(grouping: known.values, by: \.device).mapValues { $0.map(\.seq).max() ?? 0 }
            var removed: [String] = []
            var holding = Set<String>()
            for fileName in present {
                guard let file = known[fileName], file.seq < (newest[file.device] ?? 0) || retired.contains(file.device)
                else { continue }
                let behind = read.filter { reader, vector in
                    reader != file.device && (vector[file.device] ?? 0) < file.seq
                }.keys
                if behind.isEmpty {
                    folder.remove(fileName)
                    removed.append(fileName)
                } else {
                    holding.formUnion(behind)
                }
            }
            try engine.forgetFiles(removed)
            outcome.removed = removed.count
            outcome.waitingFor = holding.sorted()
            outcome.bytesAfter = folderBytes(folder)
            return outcome
        }
    }

    /// The size of Kith's files in the folder.
    static func folderBytes(_ folder: SyncFolder) -> Int {
        guard let listing = try? folder.list() else { return 0 }
        return (listing.data + listing.keys + listing.pairs).reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: folder.path + "/" + name))?[.size] as? Int ?? 0)
        }
    }

    /// A pairing code for another device, valid for a day.
    public static func pair(_ store: KithStore) throws -> (code: String, expires: Int64) {
        try store.synchronize { engine in
            guard let path = try engine.state("folder") else {
                throw KithError(
                    .invalidInput, "This store does not sync yet: sync it once before pairing another device")
            }
            return try SyncKeyring.pair(engine, folder: try SyncFolder(path: path), now: store.clock.now())
        }
    }
}
