import ArgumentParser
import Foundation
import KithCore
import KithPlugins

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store to use (default: $KITH_STORE, then $XDG_DATA_HOME/kith/kith.sqlite).", valueName: "path"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("Fix the clock at this instant or date (also $KITH_NOW).", valueName: "instant"))
    var now: String?

    @Option(name: .customLong("plugins"), help: ArgumentHelp("A folder of plugins, searched first (repeatable).", valueName: "dir"))
    var pluginFolders: [String] = []

    /// The store path this command uses: --store, $KITH_STORE, the settings file, the default.
    var path: String {
        get throws {
            if let store, !store.isEmpty { return store }
            if let env = ProcessInfo.processInfo.environment["KITH_STORE"], !env.isEmpty { return env }
            return try Settings.config().store ?? KithStore.defaultPath()
        }
    }

    /// The plugin folders this command searches.
    var pluginPath: PluginPath {
        get throws { PluginPath.resolve(commandLine: pluginFolders, configured: try Settings.config().pluginPath) }
    }

    /// Opens the store and loads the plugins on the plugin path, so that their support types,
    /// metrics and event handlers take part in this command. Only `kith init` (and `demo`)
    /// create a store (`creating`); commands that only list plugins work without one
    /// (`scratchIfMissing`, a store in memory).
    func open(reportFailures: Bool = true, creating: Bool = false, scratchIfMissing: Bool = false) throws -> KithStore {
        var clock = try KithClock.resolve(override: now)
        let config = try Settings.config()
        clock.firstWeekday = config.weekStarts
        let path = try self.path
        let store = scratchIfMissing && !KithStore.exists(at: path)
            ? try KithStore.inMemory(clock: clock)
            : try KithStore.open(path: path, clock: clock, creating: creating)
        OpenStores.add(store)
        CrisisNotice.watch(store)
        let host = PluginHost(store: store)
        host.report = { Terminal.error($0 + "\n") }
        host.loadAll(path: try pluginPath, disabled: PluginSettings().disabled())
        ActivePlugins.host = host
        // The person's own crisis line wins over a clinic plugin's default.
        if let line = config.line { store.catalog.configure(defaultCrisisLine: line) }
        if reportFailures {
            for failed in host.failures {
                if case .failed(let reason) = failed.status {
                    Terminal.error("kith: plugin '\(failed.id)' did not load: \(reason) (see 'kith plugins list')\n")
                } else if case .conflict(let reason) = failed.status {
                    Terminal.error("kith: plugin '\(failed.id)' is not used: \(reason)\n")
                }
            }
        }
        return store
    }
}

/// The stores this command opened, checkpointed when it ends (Kith.main) so that each store
/// file holds every change on its own.
enum OpenStores {
    nonisolated(unsafe) private static var stores: [KithStore] = []
    static func add(_ store: KithStore) { stores.append(store) }
    static func checkpointAll() {
        for store in stores { store.checkpoint() }
    }
}

/// The settings file, read once per command.
enum Settings {
    nonisolated(unsafe) private static var loaded: KithConfig?

    static func config() throws -> KithConfig {
        if let loaded { return loaded }
        let config = try KithConfig.load()
        loaded = config
        return config
    }
}

/// The plugins of this command, kept alive for as long as the process runs.
enum ActivePlugins {
    nonisolated(unsafe) static var host: PluginHost?
}

/// `--json` for commands whose output other programs read.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for other programs instead of text.")
    var json = false
}

extension Circle: ExpressibleByArgument {}
extension PersonKind: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension SupportDimension: ExpressibleByArgument {}
