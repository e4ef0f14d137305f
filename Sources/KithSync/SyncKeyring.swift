import Foundation
import KithCore
import KithSeal

/// The folder keys a store holds (in `sync_state`, so later syncs need no passphrase: an
/// encrypted store keeps them encrypted with everything else), and how it comes by them.
enum SyncKeyring {
    static func load(_ engine: SyncEngine) throws -> [SyncKey] {
        guard let text = try engine.state("keys"),
            case .array(let items) = try JSONText.decode(
                text, field: "sync keys", budget: JSONBudget(bytes: 1 << 20, limitMiB: 1))
        else { return [] }
        return items.compactMap(SyncKey.init(stored:))
    }

    static func save(_ keys: [SyncKey], _ engine: SyncEngine) throws {
        try engine.setState("keys", JSONText.encode(.array(keys.map(\.stored))))
    }

    /// The keys to use: those held, a new one for an empty folder, or those the passphrase (or
    /// a pairing code) opens in the folder. A key another device made at the same time as this
    /// one is taken in too, so that every file can be read.
    static func gather(
        _ held: [SyncKey], listing: SyncFolder.Listing, folder: SyncFolder, credentials: SyncCredentials,
        clock: KithClock, engine: SyncEngine
    ) throws -> [SyncKey] {
        if held.isEmpty {
            if let code = credentials.pairingCode {
                return try SyncPairing.open(listing.pairs, code: code, in: folder, now: clock.now())
            }
            guard let ask = credentials.passphrase else {
                throw KithError(.invalidInput, "The sync passphrase is needed to join this folder; nothing was changed")
            }
            if listing.keys.isEmpty {
                return [try SyncKeys.create(in: folder, passphrase: try ask(true), logN: try credentials.cost())]
            }
            let (opened, incomplete) = SyncKeys.open(listing.keys, in: folder, passphrase: try ask(false))
            guard !opened.isEmpty else {
                throw KithError(
                    .invalidInput,
                    incomplete > 0
                        ? "The folder's key file is not whole (still being copied?); nothing was changed. Sync again once it has arrived"
                        : "That passphrase does not open this folder's key (mistyped, or another folder); nothing was changed"
                )
            }
            return opened
        }
        // Key files this device does not hold (usually none): tried with the passphrase, four at
        // most per sync, each once (a key file that does not open is not tried again).
        let ids = Set(held.map(\.id))
        var tried = Set(try engine.state("tried-keys").map { $0.split(separator: " ").map(String.init) } ?? [])
        let unknown = listing.keys.filter { name in
            guard !tried.contains(name), let data = try? folder.read(name), let id = SyncKeys.keyID(of: data) else {
                return false
            }
            return !ids.contains(id)
        }.prefix(4)
        guard !unknown.isEmpty, let ask = credentials.passphrase, let passphrase = try? ask(false) else { return held }
        let opened = SyncKeys.open(Array(unknown), in: folder, passphrase: passphrase).keys.filter {
            !ids.contains($0.id)
        }
        tried.formUnion(unknown)
        try engine.setState("tried-keys", tried.sorted().joined(separator: " "))
        return held + opened
    }

    /// The key this device writes with: the first it wrote with, while it holds it.
    static func writingKey(_ keys: [SyncKey], _ engine: SyncEngine) throws -> SyncKey {
        if let id = try engine.state("write-key"), let key = keys.first(where: { $0.id == id }) { return key }
        guard let key = keys.min(by: { $0.id < $1.id }) else {
            throw KithError(.storage, "This store holds no sync key")
        }
        try engine.setState("write-key", key.id)
        return key
    }

    /// Device ids given up for new ones (restored or cloned copies): not waited for.
    static func retired(_ engine: SyncEngine) throws -> Set<String> {
        Set(try engine.state("retired").map { $0.split(separator: " ").map(String.init) } ?? [])
    }

    static func saveRetired(_ retired: Set<String>, _ engine: SyncEngine) throws {
        try engine.setState("retired", retired.isEmpty ? nil : retired.sorted().joined(separator: " "))
    }

    /// A pairing file for a day; returns the code.
    static func pair(_ engine: SyncEngine, folder: SyncFolder, now: Int64) throws -> (code: String, expires: Int64) {
        let keys = try load(engine)
        guard !keys.isEmpty else {
            throw KithError(.invalidInput, "This store does not sync yet: sync it once before pairing another device")
        }
        let code = SyncPairing.newCode()
        let expires = now + 86400
        let name = try SyncPairing.write(keys, code: code, expires: expires, in: folder)
        var pairs = try pairings(engine)
        pairs[name] = expires
        try engine.setState("pairs", JSONText.encode(.object(pairs.mapValues { .int($0) })))
        return (code, expires)
    }

    static func pairings(_ engine: SyncEngine) throws -> [String: Int64] {
        guard let text = try engine.state("pairs"),
            case .object(let o) = try JSONText.decode(
                text, field: "pairs", budget: JSONBudget(bytes: 1 << 20, limitMiB: 1))
        else { return [:] }
        var out: [String: Int64] = [:]
        for case (let name, .int(let until)) in o { out[name] = until }
        return out
    }

    /// This device's pairing files, once expired, leave the folder.
    static func removeExpiredPairings(_ engine: SyncEngine, folder: SyncFolder, now: Int64) throws {
        var pairs = try pairings(engine)
        for (name, until) in pairs where until < now {
            folder.remove(name)
            pairs[name] = nil
        }
        try engine.setState("pairs", pairs.isEmpty ? nil : JSONText.encode(.object(pairs.mapValues { .int($0) })))
    }
}
