import Foundation
import KithCore
import KithLua

/// What happened to one plugin found on the plugin path.
public struct PluginRecord: Sendable {
    /// The state of a plugin.
    public enum Status: Sendable, Equatable {
        /// Found on the path and not loaded (listing without running plugin code).
        case found
        case loaded
        /// The manifest or init.lua failed; the reason names the file and line.
        case failed(String)
        /// Disabled with `kith plugins disable`.
        case disabled
        /// Another folder earlier on the plugin path has the same id.
        case shadowed(by: String)
        /// It defines an id another plugin also defines; neither is used until one is disabled.
        case conflict(String)

        /// `loaded`, `failed`, ...: the state as every front end names it.
        public var name: String {
            switch self {
            case .found: return "found"
            case .loaded: return "loaded"
            case .failed: return "failed"
            case .disabled: return "disabled"
            case .shadowed: return "shadowed"
            case .conflict: return "conflict"
            }
        }

        /// Why, when the state has a reason.
        public var reason: String? {
            switch self {
            case .failed(let why), .conflict(let why): return why
            case .shadowed(let by): return "shadowed by \(by), which has the same id and comes first on the plugin path"
            case .found, .loaded, .disabled: return nil
            }
        }
    }

    /// The manifest's id, or the folder name when the manifest is unreadable.
    public let id: String
    /// The plugin's folder.
    public let directory: String
    /// Which part of the plugin path it came from.
    public let origin: String
    /// The checked manifest, if it could be read.
    public let manifest: PluginManifest?
    /// What happened to it.
    public var status: Status
}

/// Loads the plugins on the plugin path, each into its own sandboxed Lua state, and runs
/// their event handlers after each committed write. The store holds the host weakly:
/// keep the host for as long as its plugins should take part.
public final class PluginHost: @unchecked Sendable {
    /// The store the plugins work on.
    public let store: KithStore
    /// Every plugin found, in path order.
    public private(set) var records: [PluginRecord] = []
    /// Where handler failures are reported (stderr by default).
    public var report: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    private var states: [(id: String, state: LuaState)] = []
    private var dispatching = false
    private let limits: LuaLimits

    /// Creates a host; `limits` apply to each plugin's state (2 s per callback by default,
    /// or `$KITH_PLUGIN_TIMEOUT` seconds).
    public init(
        store: KithStore, limits: LuaLimits? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.store = store
        var defaults = LuaLimits.plugin
        if let text = environment["KITH_PLUGIN_TIMEOUT"], let seconds = Double(text), seconds > 0 {
            defaults.timeoutSeconds = seconds
        }
        self.limits = limits ?? defaults
        store.observeCommits { [weak self] changes in self?.dispatch(changes) }
    }

    /// Finds and loads every plugin on `path` that is not disabled. A plugin that fails is
    /// recorded with its reason; every other plugin still loads.
    public func loadAll(path: PluginPath, disabled: Set<String> = []) {
        for var record in Self.discover(path: path, disabled: disabled) {
            if record.status == .found, let manifest = record.manifest {
                let directory = record.directory
                record.status = .loaded
                let known = store.catalog.conflicts.count
                do { try load(manifest, directory: directory) } catch { record.status = .failed("\(error)") }
                // A conflict counts even when init.lua caught the error and went on.
                for conflict in store.catalog.conflicts.dropFirst(known) where conflict.claimant == manifest.id {
                    record.status = .conflict(settle(conflict, directory: directory))
                }
            }
            records.append(record)
        }
    }

    /// The plugins on `path` as their manifests describe them, without running any plugin
    /// code: what `kith plugins disable` and `enable` work from, so that a plugin whose code
    /// misbehaves can always be switched off.
    public static func discover(path: PluginPath, disabled: Set<String> = []) -> [PluginRecord] {
        var seen: [String: String] = [:]
        return path.candidates().map { directory, origin in
            let manifest: PluginManifest
            do {
                manifest = try PluginManifest.parse(
                    try Self.read(directory + "/plugin.toml", maxBytes: Self.maxManifestBytes))
            } catch {
                return PluginRecord(
                    id: (directory as NSString).lastPathComponent, directory: directory, origin: origin,
                    manifest: nil, status: .failed("\(error)"))
            }
            var record = PluginRecord(
                id: manifest.id, directory: directory, origin: origin, manifest: manifest, status: .found)
            if let first = seen[manifest.id] {
                record.status = .shadowed(by: first)
            } else {
                seen[manifest.id] = directory
                if disabled.contains(manifest.id) { record.status = .disabled }
            }
            return record
        }
    }

    /// Takes both plugins of a conflict out of this process (their definitions and states)
    /// and marks the first one; returns the reason for the second.
    private func settle(_ conflict: DefinitionConflict, directory: String) -> String {
        store.catalog.contest(conflict)
        store.catalog.removeDefinitions(of: conflict.claimant)
        let plugins = conflict.others + [conflict.claimant]
        states.removeAll { plugins.contains($0.id) }
        func reason(_ other: [String]) -> String {
            let names = other.map { id in
                "'\(id)' (\(id == conflict.claimant ? directory : records.first { $0.id == id }?.directory ?? "?"))"
            }
            return "\(conflict.kind) '\(conflict.id)' is also defined by plugin \(names.joined(separator: " and ")); "
                + "neither is used until you disable one of them"
        }
        for i in records.indices where conflict.others.contains(records[i].id) && records[i].status == .loaded {
            records[i].status = .conflict(reason(plugins.filter { $0 != records[i].id }))
        }
        return reason(conflict.others)
    }

    /// Loads one plugin: a new state with the plugin's identity, then its init.lua.
    /// `permissions` overrides the manifest's (the spec runner grants all, to set up data).
    @discardableResult
    public func load(
        _ manifest: PluginManifest, directory: String, permissions: Set<Permission>? = nil,
        limits override: LuaLimits? = nil
    ) throws -> LuaState {
        let identity = LuaIdentity.plugin(
            id: manifest.id, version: manifest.version, directory: directory,
            permissions: permissions ?? Set(manifest.permissions))
        do {
            let state = try LuaState(identity: identity, store: store, limits: override ?? limits)
            state.log = report
            state.settings = manifest.settings
            try state.run(try Self.read(directory + "/init.lua", maxBytes: Self.maxSourceBytes), chunkName: "init.lua")
            states.append((manifest.id, state))
            return state
        } catch {
            store.catalog.removeDefinitions(of: manifest.id)
            throw error
        }
    }

    /// Plugins that failed, for a one-line notice per command.
    public var failures: [PluginRecord] {
        records.filter {
            switch $0.status {
            case .failed, .conflict: return true;
            default: return false
            }
        }
    }

    /// Runs every subscribed handler for what one commit wrote, all in one transaction (an
    /// import of 100,000 entries is one commit for its handlers, not one per entry; the write
    /// lock is held while they run, a second per 100,000 with the bundled plugins), each
    /// handler call in a savepoint: a failing handler keeps none of its writes and the others
    /// keep theirs. Writes made by handlers do not raise events themselves, so handlers cannot
    /// set each other off in a loop.
    func dispatch(_ changes: [StoreChange]) {
        guard !dispatching else { return }
        let events = changes.filter { LuaState.event(of: $0) != nil }
        let names = Set(events.compactMap(LuaState.event(of:)))
        guard states.contains(where: { _, state in names.contains { state.handlerCount(for: $0) > 0 } }) else { return }
        dispatching = true
        defer { dispatching = false }
        let store = self.store
        var failures: [String] = []
        // Set when SQLite ended the transaction under a handler: the rest must not run.
        var lost: TransactionLost?
        do {
            try store.transaction {
                for change in events {
                    for (_, state) in states {
                        let failed = state.dispatch(change) { handler in
                            if let lost { throw lost }
                            do { try store.isolated(handler) } catch let error as TransactionLost {
                                lost = error
                                throw error
                            }
                        }
                        if let lost { throw lost }
                        for failure in failed {
                            failures.append(
                                "\(failure) (in a \(LuaState.event(of: change) ?? "store") handler; the write itself is saved)"
                            )
                        }
                    }
                }
            }
        } catch {
            failures.append("plugin handlers could not save their changes: \(error) (the write itself is saved)")
        }
        // A handler failing on each of an import's entries is told a few times, then counted.
        failures.prefix(5).forEach(report)
        if failures.count > 5 { report("... and \(failures.count - 5) more plugin handler failures like these") }
    }

    /// The largest plugin.toml and Lua file Kith reads: discovery reads every manifest on every
    /// command (disable included), so a huge one must cost nothing.
    static let maxManifestBytes = 64 << 10, maxSourceBytes = 8 << 20

    static func read(_ path: String, maxBytes: Int) throws -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            throw KithError(
                .invalidInput,
                "\((path as NSString).lastPathComponent): is \(size) bytes; Kith reads at most \(maxBytes) bytes of it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KithError(.notFound, "\((path as NSString).lastPathComponent): cannot be read")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw KithError(.invalidInput, "\((path as NSString).lastPathComponent): is not UTF-8 text")
        }
        return text
    }
}
