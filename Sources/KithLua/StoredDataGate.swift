import Foundation
import KithCore

/// `kith.store` data carries the read permissions of the plugin that wrote it. A plugin that
/// reuses another's id replaces it as a whole (that is how a clinic ships its own version of a
/// bundled plugin), but it must not read, through the stored data, what the first one derived
/// from permissions it was never given: its reads of that data are refused.
enum StoredDataGate {
    /// Where the writers' read permissions are kept, by plugin id (`kith.` ids are Kith's own).
    static let owner = "kith.store-readers"

    /// Refuses `identity` if data under its id was written by a plugin holding read
    /// permissions it lacks. Scripts hold every permission.
    static func check(_ identity: LuaIdentity, store: KithStore) throws {
        guard case .plugin(let id, _, _, let granted) = identity, let needed = try recorded(id, store: store) else {
            return
        }
        if let missing = needed.subtracting(granted).sorted().first {
            throw KithError(
                .invalidInput,
                "the data kept under '\(id)' was written by a plugin with this id holding '\(missing.rawValue)', "
                    + "which plugin '\(id)' here does not hold; disable one of the two", hint: .listPlugins)
        }
    }

    /// Adds `identity`'s read permissions to those of its data's writers.
    static func record(_ identity: LuaIdentity, store: KithStore) throws {
        guard case .plugin(let id, _, _, let granted) = identity else { return }
        let reads = granted.intersection(Permission.reads)
        let existing = try recorded(id, store: store)
        if let existing, reads.isSubset(of: existing) { return }  // one read per write in the usual case
        let known = existing ?? []
        let all = known.union(reads).map(\.rawValue).sorted()
        let json = "[" + all.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        try store.setPluginValue(owner: owner, key: id, json: json)
    }

    private static func recorded(_ id: String, store: KithStore) throws -> Set<Permission>? {
        guard let json = try store.pluginValue(owner: owner, key: id),
            let names = try? JSONDecoder().decode([String].self, from: Data(json.utf8))
        else { return nil }
        return Set(names.compactMap(Permission.init(rawValue:)))
    }
}
