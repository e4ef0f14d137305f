import KithCore

/// Who Lua code is running as: a plugin (its manifest's identity and grants) or a script.
public enum LuaIdentity: Sendable {
    /// A plugin: id, version, its folder, and the permissions its plugin.toml declares.
    case plugin(id: String, version: String, directory: String, permissions: Set<Permission>)
    /// A script run by `kith run`: its path, and the folders its files API may use.
    case script(path: String, files: FileAccess)

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

    /// The plugin's version, nil for a script.
    var pluginVersion: String? {
        if case .plugin(_, let version, _, _) = self { return version }
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
