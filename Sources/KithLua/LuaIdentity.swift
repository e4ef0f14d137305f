import KithCore

/// Who Lua code is running as: a plugin (its manifest's identity and grants) or a script.
public enum LuaIdentity: Sendable {
    /// A plugin: id, version, its folder, and the permissions its plugin.toml declares.
    case plugin(id: String, version: String, directory: String, permissions: Set<Permission>)
    /// A script run by `kith run`: its path, and the folders its files API may use.
    case script(path: String, files: FileAccess)
    /// A plugin's spec under `kith plugins test`: it acts as the person would (every permission,
    /// the plugin's `kith.store` data as `kith plugins set` writes it), beside the plugin itself.
    case spec(pluginID: String, version: String, directory: String)

    /// The name errors and logs are prefixed with: the plugin id or the script's file name.
    public var name: String {
        switch self {
        case .plugin(let id, _, _, _): return id
        case .script(let path, _): return path.split(separator: "/").last.map(String.init) ?? path
        case .spec(let id, _, _): return id + " spec"
        }
    }

    /// The plugin's id, version and folder: for a plugin and for its spec.
    var plugin: (id: String, version: String, directory: String)? {
        switch self {
        case .plugin(let id, let version, let directory, _), .spec(let id, let version, let directory):
            return (id, version, directory)
        case .script: return nil
        }
    }

    /// The plugin's id, nil for a script: what the plugin's definitions are credited to.
    var pluginID: String? { plugin?.id }

    /// The plugin's version, nil for a script.
    var pluginVersion: String? { plugin?.version }

    /// The owner key of this code's `kith.store` data.
    var storeOwner: String {
        switch self {
        case .plugin(let id, _, _, _), .spec(let id, _, _): return id
        case .script(let path, _): return "script:" + name(of: path)
        }
    }

    private func name(of path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    /// The folder `require` loads modules from.
    var moduleRoot: String {
        switch self {
        case .plugin(_, _, let dir, _), .spec(_, _, let dir): return dir
        case .script(let path, _):
            let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
            return parts.isEmpty ? "." : parts.joined(separator: "/")
        }
    }

    func allows(_ permission: Permission) -> Bool {
        switch self {
        case .plugin(_, _, _, let granted): return granted.contains(permission)
        case .script, .spec: return true
        }
    }
}
