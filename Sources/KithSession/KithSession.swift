import CKithSystem
import Foundation
import KithCore
import KithPlugins

/// What every front end holds: one store on its clock, with the plugins of its plugin path
/// loaded and the person's settings applied. The CLI opens one per command (several in a
/// batch); a server keeps one open. Front ends reach the store, the plugins and the settings
/// through it, and say where things come from (options, environment) in `Options`.
public final class KithSession {
    public let store: KithStore
    public let plugins: PluginHost
    public let settings: KithConfig
    /// Where the store's path came from: `--store`, `KITH_STORE`, `settings file` or `default`.
    public let storeSource: String
    /// The environment it was opened with (where the person's settings and plugin choices live).
    public let environment: [String: String]
    public var clock: KithClock { store.clock }

    /// What a front end was told, before the environment and the settings file fill the rest.
    public struct Options: Sendable {
        /// A store path the person gave (the CLI's --store).
        public var store: String?
        /// A fixed instant the person gave (the CLI's --now), and what to call it in messages.
        public var now: String?
        public var nowName = "--now"
        /// Plugin folders searched first (the CLI's --plugins).
        public var pluginFolders: [String] = []
        public var environment: [String: String] = ProcessInfo.processInfo.environment
        /// Create the store if it is missing (only `init` and `demo` do).
        public var creating = false
        /// Use a scratch store in memory if there is none (commands that only list plugins).
        public var scratchIfMissing = false
        /// The settings file, when the front end has read it already (else it is read here).
        public var settings: KithConfig?
        /// How an encrypted store's key is found (StoreKeys.unlock); without it one is refused.
        public var unlock: StoreUnlock?

        public init() {}
    }

    private init(
        store: KithStore, plugins: PluginHost, settings: KithConfig, storeSource: String, environment: [String: String]
    ) {
        self.environment = environment
        self.store = store
        self.plugins = plugins
        self.settings = settings
        self.storeSource = storeSource
    }

    /// Opens the store and loads the plugins; `report` hears each plugin that failed to load
    /// or conflicts, as it happens.
    public static func open(_ options: Options, report: @escaping @Sendable (String) -> Void = { _ in }) throws
        -> KithSession
    {
        let settings = try options.settings ?? KithConfig.load(environment: options.environment)
        var clock = try self.clock(options)
        clock.firstWeekday = settings.weekStarts
        let (path, source) = storePath(options, settings: settings)
        let store =
            options.scratchIfMissing && !KithStore.exists(at: path)
            ? try KithStore.inMemory(clock: clock)
            : try KithStore.open(path: path, clock: clock, creating: options.creating, unlock: options.unlock)
        // A process holding a decrypted store never dumps its memory to a core file.
        if store.isEncrypted { kith_forbid_core_dumps() }
        if let problem = settings.profileProblem { report(problem) }
        let host = PluginHost(store: store)
        host.report = report
        host.loadAll(
            path: pluginPath(options, settings: settings),
            disabled: PluginSettings(environment: options.environment).disabled())
        // The person's own crisis line wins over a clinic plugin's default.
        if let line = settings.line { store.catalog.configure(defaultCrisisLine: line) }
        store.catalog.configure(clinic: settings.clinic)
        return KithSession(
            store: store, plugins: host, settings: settings, storeSource: source, environment: options.environment)
    }

    /// Writes every change into the store file itself (see `KithStore.checkpoint`).
    public func close() { store.checkpoint() }

    /// The store path, and where it came from: the option, `$KITH_STORE`, the settings file, the default.
    public static func storePath(_ options: Options, settings: KithConfig) -> (path: String, source: String) {
        if let store = options.store, !store.isEmpty { return (store, "--store") }
        if let env = options.environment["KITH_STORE"], !env.isEmpty { return (env, "KITH_STORE") }
        if let configured = settings.store { return (configured, "settings file") }
        return (KithStore.defaultPath(environment: options.environment), "default")
    }

    /// The plugin folders: the options' first, then `$KITH_PLUGIN_PATH`, the settings file's, the person's own, the bundled.
    public static func pluginPath(_ options: Options, settings: KithConfig) -> PluginPath {
        PluginPath.resolve(
            commandLine: options.pluginFolders, configured: settings.pluginPath, environment: options.environment)
    }

    /// The clock: a fixed instant from the options, else `$KITH_NOW`, else the real one.
    public static func clock(_ options: Options) throws -> KithClock {
        if let text = options.now ?? options.environment["KITH_NOW"], !text.isEmpty {
            return .fixed(try KithTime.parseInstant(text, field: options.now != nil ? options.nowName : "KITH_NOW"))
        }
        return .system
    }
}
