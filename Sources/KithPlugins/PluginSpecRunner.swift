import Foundation
import KithCore
import KithLua

/// `kith plugins test [DIR]`: runs a plugin's `spec/*_spec.lua` inside the real sandbox,
/// each test (`it`) against a fresh temporary store and a fixed clock, with the plugin loaded.
/// The plugin runs as it does for real, in its own state with only the permissions its
/// manifest declares; the spec runs beside it in a second state with every permission, so it
/// can set up data. Whatever the plugin registered (scores, handlers, reports, rules,
/// importers) runs in the plugin's state: a plugin whose manifest lacks a permission fails
/// its own specs. Modules a spec `require`s run in the spec's state.
public struct PluginSpecRunner {
    /// One test's outcome.
    public struct Outcome: Sendable {
        /// Passed, failed with a message, or pending.
        public enum Status: Sendable, Equatable { case passed, failed(String), pending }
        /// The spec file, relative to the plugin (`spec/x_spec.lua`).
        public let file: String
        /// `describe` titles and the `it` title.
        public let name: String
        /// What happened to it.
        public let status: Status
    }

    /// The plugin folder.
    public let directory: String
    /// The instant every spec sees as now.
    public var now = "2026-03-02T09:00:00Z"
    /// Where plugin log lines and handler failures go.
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    /// A runner for the plugin in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The spec files, sorted.
    public func specFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory + "/spec")) ?? []
        return names.filter { $0.hasSuffix("_spec.lua") }.sorted().map { "spec/" + $0 }
    }

    /// Runs every spec file; `progress` sees each outcome as it comes.
    public func run(progress: (Outcome) -> Void = { _ in }) throws -> [Outcome] {
        let manifest = try PluginManifest.parse(
            try PluginHost.read(directory + "/plugin.toml", maxBytes: PluginHost.maxManifestBytes))
        let files = specFiles()
        guard !files.isEmpty else {
            throw KithError(.notFound, "\(directory) has no spec/*_spec.lua files", hint: .scaffoldPlugin)
        }
        let clock = KithClock.fixed(
            try KithTime.parseInstant(now, field: "now"), timeZone: TimeZone(identifier: "UTC")!)
        var outcomes: [Outcome] = []
        for file in files {
            let source = try PluginHost.read(directory + "/" + file, maxBytes: PluginHost.maxSourceBytes)
            var index = 1, total = 1
            while index <= total {
                let (count, results) = runOne(
                    file: file, source: source, index: index, manifest: manifest, clock: clock)
                total = count
                results.forEach(progress)
                outcomes += results
                index += 1
            }
        }
        return outcomes
    }

    /// Runs test `index` of a spec file on a fresh store; returns the file's test count too.
    private func runOne(file: String, source: String, index: Int, manifest: PluginManifest, clock: KithClock) -> (
        Int, [Outcome]
    ) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-spec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let store = try KithStore.open(
                path: folder.appendingPathComponent("spec.sqlite").path, clock: clock, creating: true)
            let host = PluginHost(store: store)
            host.report = log
            let limits = LuaLimits(memoryBytes: 64 << 20, timeoutSeconds: 30)
            _ = try host.load(manifest, directory: directory, limits: limits)
            // The plugin's id, so the spec reads and sets the plugin's kith.store data as the person would.
            let spec = try LuaState(
                identity: .spec(pluginID: manifest.id, version: manifest.version, directory: directory),
                store: store, limits: limits)
            spec.log = log
            spec.settings = manifest.settings
            let value = try spec.evaluate(
                SpecHarness.source, chunkName: "[spec]", arguments: [file, source, String(index)])
            guard case .object(let fields) = value, case .int(let total)? = fields["total"],
                let results = fields["results"]
            else {
                return (index, [Outcome(file: file, name: "(spec runner)", status: .failed("malformed result"))])
            }
            return (Int(total), Self.outcomes(results, file: file))
        } catch {
            return (
                index,
                [Outcome(file: file, name: "(test \(index) of \(file) could not run)", status: .failed("\(error)"))]
            )
        }
    }

    static func outcomes(_ value: LuaValue, file: String) -> [Outcome] {
        guard case .array(let items) = value else { return [] }
        return items.map { item in
            guard case .object(let fields) = item else {
                return Outcome(file: file, name: "?", status: .failed("malformed result"))
            }
            var name = "?"
            if case .string(let s)? = fields["name"] { name = s }
            if case .bool(true)? = fields["pending"] { return Outcome(file: file, name: name, status: .pending) }
            if case .bool(true)? = fields["ok"] { return Outcome(file: file, name: name, status: .passed) }
            var message = "failed"
            if case .string(let s)? = fields["message"] { message = s }
            return Outcome(file: file, name: name, status: .failed(message))
        }
    }
}
