/// What a plugin may touch in the store (PLUGIN-API.md section 2). Scripts hold them all.
public enum Permission: String, CaseIterable, Sendable, Codable {
    case peopleRead = "people.read", peopleWrite = "people.write"
    case interactionsRead = "interactions.read", interactionsWrite = "interactions.write"
    case journalRead = "journal.read", journalWrite = "journal.write"
    case assessmentsRead = "assessments.read", assessmentsWrite = "assessments.write"
    case scheduleRead = "schedule.read", scheduleWrite = "schedule.write"
}

/// Who Lua code is running as: a plugin (its manifest's identity and grants) or a script.
public enum LuaIdentity: Sendable {
    /// A plugin: id, version, its folder, and the permissions its plugin.toml declares.
    case plugin(id: String, version: String, directory: String, permissions: Set<Permission>)
    /// A script run by `kith run`: its path, and the folders its files API may use.
    case script(path: String, allowedPaths: [String])

    /// The name errors and logs are prefixed with: the plugin id or the script's file name.
    public var name: String {
        switch self {
        case .plugin(let id, _, _, _): return id
        case .script(let path, _): return path.split(separator: "/").last.map(String.init) ?? path
        }
    }

    /// The plugin's id, nil for a script: what the plugin's definitions are credited to.
    var pluginID: String? {
        if case .plugin(let id, _, _, _) = self { return id }
        return nil
    }

    /// The owner key of this code's `kith.store` data.
    var storeOwner: String {
        switch self {
        case .plugin(let id, _, _, _): return id
        case .script(let path, _): return "script:" + name(of: path)
        }
    }

    private func name(of path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The folder `require` loads modules from.
    var moduleRoot: String {
        switch self {
        case .plugin(_, _, let dir, _): return dir
        case .script(let path, _):
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            return parts.isEmpty ? "." : parts.joined(separator: "/")
        }
    }

    func allows(_ permission: Permission) -> Bool {
        switch self {
        case .plugin(_, _, _, let granted): return granted.contains(permission)
        case .script: return true
        }
    }
}

/// Resource limits of one Lua state.
public struct LuaLimits: Sendable {
    /// Bytes the state may allocate (default 64 MiB).
    public var memoryBytes: Int
    /// Seconds one call may run; nil for none.
    public var timeoutSeconds: Double?
    /// Deepest nesting of a table passed to Kith.
    public var maxTableDepth = 32
    /// Most entries in one table passed to Kith.
    public var maxTableEntries = 100_000

    /// Limits for a script: 64 MiB, no time limit unless given.
    public static func script(memoryMiB: Int = 64, timeout: Double? = nil) -> LuaLimits {
        LuaLimits(memoryBytes: memoryMiB << 20, timeoutSeconds: timeout)
    }

    /// Limits for a plugin: 64 MiB and 2 s per callback.
    public static let plugin = LuaLimits(memoryBytes: 64 << 20, timeoutSeconds: 2)

    /// Creates limits.
    public init(memoryBytes: Int, timeoutSeconds: Double?) {
        self.memoryBytes = memoryBytes
        self.timeoutSeconds = timeoutSeconds
    }
}
