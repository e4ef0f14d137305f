import ArgumentParser
import Foundation
import KithCore
import KithPlugins
import KithSession

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store to use (default: $KITH_STORE, then $XDG_DATA_HOME/kith/kith.sqlite).", valueName: "path"))
    var store: String?

    @Option(
        name: .long, help: ArgumentHelp("Fix the clock at this instant or date (also $KITH_NOW).", valueName: "instant")
    )
    var now: String?

    @Option(
        name: .customLong("plugins"),
        help: ArgumentHelp("A folder of plugins, searched first (repeatable).", valueName: "dir"))
    var pluginFolders: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "For an encrypted store: a file holding its passphrase, readable by you alone (also $KITH_PASSPHRASE_FILE).",
            valueName: "file"))
    var passphraseFile: String?

    /// What the person gave on the command line, for the session to complete.
    var sessionOptions: KithSession.Options {
        var options = KithSession.Options()
        options.store = store
        options.now = now
        options.pluginFolders = pluginFolders
        options.unlock = PassphrasePrompt.unlock(passphraseFile: passphraseFile, store: store ?? "your store")
        return options
    }

    /// The store path this command uses: --store, $KITH_STORE, the settings file, the default.
    var path: String {
        get throws { KithSession.storePath(sessionOptions, settings: try Settings.config()).path }
    }

    /// The plugin folders this command searches.
    var pluginPath: PluginPath {
        get throws { KithSession.pluginPath(sessionOptions, settings: try Settings.config()) }
    }

    /// Opens the session: the store with the plugins of the plugin path loaded, so that their
    /// support types, metrics and event handlers take part in this command. Only `kith init`
    /// (and `demo`) create a store (`creating`); commands that only list plugins work without
    /// one (`scratchIfMissing`, a store in memory).
    func session(reportFailures: Bool = true, creating: Bool = false, scratchIfMissing: Bool = false) throws
        -> KithSession
    {
        var options = sessionOptions
        options.creating = creating
        options.scratchIfMissing = scratchIfMissing
        options.settings = try Settings.config()
        let session = try KithSession.open(options) { Terminal.error($0 + "\n") }
        OpenSessions.add(session)
        CrisisNotice.watch(session.store)
        if reportFailures {
            for failed in session.plugins.failures {
                if case .failed(let reason) = failed.status {
                    Terminal.error("kith: plugin '\(failed.id)' did not load: \(reason) (see 'kith plugins list')\n")
                } else if case .conflict(let reason) = failed.status {
                    Terminal.error("kith: plugin '\(failed.id)' is not used: \(reason) ('kith plugins disable ID')\n")
                }
            }
        }
        return session
    }

    /// The session's store, for the commands that need nothing else.
    func open(reportFailures: Bool = true, creating: Bool = false, scratchIfMissing: Bool = false) throws -> KithStore {
        try session(reportFailures: reportFailures, creating: creating, scratchIfMissing: scratchIfMissing).store
    }
}

/// The sessions this command opened, closed when it ends (Kith.main) so that each store file
/// holds every change on its own.
enum OpenSessions {
    nonisolated(unsafe) private static var sessions: [KithSession] = []
    static func add(_ session: KithSession) { sessions.append(session) }
    static func closeAll() {
        for session in sessions { session.close() }
        sessions.removeAll()
    }
}

/// The settings file, read once per command for what is resolved before a session opens.
enum Settings {
    nonisolated(unsafe) private static var loaded: KithConfig?

    static func config() throws -> KithConfig {
        if let loaded { return loaded }
        let config = try KithConfig.load()
        loaded = config
        return config
    }
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
