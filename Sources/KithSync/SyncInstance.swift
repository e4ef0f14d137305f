import Foundation
import KithCore

/// Telling this copy of a store from a restored or cloned one. A device id must never be
/// used by two copies: each would number its files the same, overwrite the other's, and a
/// restored copy would bring back what was deleted since. So the store keeps a token that
/// changes at every sync, and a file outside the store (in `$XDG_STATE_HOME/kith/sync`) keeps
/// the same token with the store's path and the machine's id. A copy whose token, path or
/// machine does not match takes a new device id: always safe, where reusing one is not.
struct SyncInstance: Codable, Equatable {
    var store: String
    var machine: String
    var token: String
    var previous: String

    static func folder(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/kith/sync" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/kith/sync"
    }

    static func path(storeID: String, device: String, _ environment: [String: String]) -> String {
        folder(environment) + "/\(storeID)-\(device).json"
    }

    /// The device ids this store has synced as on this machine (its instance files).
    static func earlierDevices(storeID: String, _ environment: [String: String]) -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder(environment))) ?? []
        return Set(
            names.compactMap { name -> String? in
                guard name.hasPrefix(storeID + "-"), name.hasSuffix(".json") else { return nil }
                let device = String(name.dropFirst(storeID.count + 1).dropLast(5))
                return SyncDevice.isValid(device) ? device : nil
            })
    }

    static var machineID: String {
        for path in ["/etc/machine-id", "/var/lib/dbus/machine-id"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !id.isEmpty { return id }
            }
        }
        return ProcessInfo.processInfo.hostName
    }

    /// Why this copy must take a new device id; nil when it is the copy that last synced.
    static func mismatch(
        storePath: String, storeID: String, device: String, token: String?, _ environment: [String: String]
    )
        -> String?
    {
        let file = path(storeID: storeID, device: device, environment)
        guard let data = FileManager.default.contents(atPath: file),
            let known = try? JSONDecoder().decode(SyncInstance.self, from: data)
        else { return "this store was copied here from elsewhere (another machine, home or backup)" }
        if known.machine != machineID { return "this store was copied from another machine" }
        if known.store != storePath { return "this store was copied or moved from \(known.store)" }
        guard let token, token == known.token || token == known.previous else {
            return "this store is an older copy (restored from a backup?)"
        }
        return nil
    }

    /// Records the token the store now holds (written before the store commits, keeping the
    /// one before: a sync stopped in between is still recognised).
    static func record(
        storePath: String, storeID: String, device: String, token: String, previous: String?,
        _ environment: [String: String]
    ) throws {
        let dir = folder(environment)
        try FileManager.default.createDirectory(
            atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let me = SyncInstance(store: storePath, machine: machineID, token: token, previous: previous ?? token)
        let file = path(storeID: storeID, device: device, environment)
        try DurableFile.write(try JSONEncoder().encode(me), to: file, through: file + ".tmp-" + SyncDevice.random()) {
            "Could not write \(file) (\($0)); nothing was changed"
        }
    }
}
