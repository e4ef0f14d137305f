import Foundation
import KithCore

/// Where plugins are looked for, earliest first (docs/lua-api.md section 2): `--plugins DIR`
/// (repeatable), `$KITH_PLUGIN_PATH` (colon-separated), `$XDG_DATA_HOME/kith/plugins`, then
/// the bundled `plugins/` folder. For the same id, the earliest folder wins.
public struct PluginPath: Sendable {
    /// One folder holding plugin folders.
    public struct Folder: Sendable, Equatable {
        /// The folder.
        public let path: String
        /// Where it came from: `--plugins`, `KITH_PLUGIN_PATH`, `user` or `bundled`.
        public let origin: String
    }

    /// The folders, earliest first.
    public var folders: [Folder]

    /// The path a command uses.
    public static func resolve(
        commandLine: [String] = [], configured: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> PluginPath {
        var folders = commandLine.map { Folder(path: $0, origin: "--plugins") }
        if let list = environment["KITH_PLUGIN_PATH"] {
            folders += list.split(separator: ":").map { Folder(path: String($0), origin: "KITH_PLUGIN_PATH") }
        }
        folders += configured.map { Folder(path: $0, origin: "settings file") }
        folders.append(Folder(path: KithPaths.dataHome(environment: environment) + "/plugins", origin: "user"))
        if let bundled = bundledFolder(environment: environment) {
            folders.append(Folder(path: bundled, origin: "bundled"))
        }
        return PluginPath(folders: folders)
    }

    /// `$KITH_BUNDLED_PLUGINS`, or the `plugins` folder next to an ancestor of the executable
    /// (the repository when run from `.build`, `PREFIX/share/kith/plugins` when installed).
    static func bundledFolder(environment: [String: String]) -> String? {
        if let override = environment["KITH_BUNDLED_PLUGINS"] { return override.isEmpty ? nil : override }
        let fm = FileManager.default
        guard let executable = executablePath() else { return nil }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            for candidate in [dir.appendingPathComponent("plugins"), dir.appendingPathComponent("share/kith/plugins")] {
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue,
                    fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path)
                        || candidate.path.hasSuffix("share/kith/plugins")
                {
                    return candidate.path
                }
            }
            dir.deleteLastPathComponent()
        }
        return nil
    }

    /// The running executable's real path, whatever folder it was started from and however
    /// (through `$PATH`, a symlink, a relative path): argv[0] alone is "kith" when found on PATH.
    static func executablePath() -> String? {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executableURL?.path
    }

    /// Plugin folders (those holding a plugin.toml), in path order.
    func candidates() -> [(directory: String, origin: String)] {
        let fm = FileManager.default
        var result: [(String, String)] = []
        for folder in folders {
            guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let dir = folder.path + "/" + name
                if fm.fileExists(atPath: dir + "/plugin.toml") { result.append((dir, folder.origin)) }
            }
        }
        return result
    }
}

/// Plugins the user has disabled, one id per line in `$XDG_DATA_HOME/kith/plugins-disabled`.
public struct PluginSettings: Sendable {
    /// The settings file.
    public let file: String

    /// The settings of this user.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        file = KithPaths.dataHome(environment: environment) + "/plugins-disabled"
    }

    /// The disabled ids.
    public func disabled() -> Set<String> {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// Disables or enables a plugin.
    public func set(_ id: String, disabled isDisabled: Bool) throws {
        var ids = disabled()
        if isDisabled { ids.insert(id) } else { ids.remove(id) }
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try (ids.sorted().joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    }
}
