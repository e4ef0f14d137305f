import Foundation
import KithCore
import KithLua
@testable import KithPlugins

/// A temporary plugin folder and store for one test.
final class PluginFixture {
    let root: URL
    let store: KithStore
    var reports: [String] = []

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kith-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("plugins"), withIntermediateDirectories: true)
        store = try KithStore.open(
            path: root.appendingPathComponent("store.sqlite").path,
            clock: .fixed(1_772_445_600, timeZone: TimeZone(identifier: "UTC")!), creating: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var pluginsFolder: String { root.appendingPathComponent("plugins").path }

    /// Writes a plugin folder `plugins/FOLDER` with a manifest and init.lua.
    func plugin(
        _ folder: String, id: String? = nil, permissions: [String] = [], manifest: String? = nil, _ initLua: String
    ) throws {
        let dir = root.appendingPathComponent("plugins/\(folder)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let list = permissions.map { "\"\($0)\"" }.joined(separator: ", ")
        let toml =
            manifest ?? """
                id = "\(id ?? folder)"
                name = "Test \(folder)"
                version = "1.0.0"
                kith_api = 1
                permissions = [\(list)]
                """
        try toml.write(to: dir.appendingPathComponent("plugin.toml"), atomically: true, encoding: .utf8)
        try initLua.write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
    }

    /// Loads every plugin in the fixture's folder, with `timeout` seconds per callback.
    func host(timeout: Double = 2, disabled: Set<String> = []) -> PluginHost {
        let host = PluginHost(store: store, limits: LuaLimits(memoryBytes: 16 << 20, timeoutSeconds: timeout))
        host.report = { [unowned self] in reports.append($0) }
        host.loadAll(path: PluginPath(folders: [.init(path: pluginsFolder, origin: "test")]), disabled: disabled)
        return host
    }
}

extension PluginRecord {
    var failure: String? { if case .failed(let why) = status { return why } else { return nil } }
}
