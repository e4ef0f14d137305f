import ArgumentParser
import Foundation
import KithCore
import KithPlugins

/// `kith plugins ...`: what is installed, and the tools to write and test plugins.
struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List, inspect, enable, disable, create and test plugins.",
        subcommands: [
            PluginsList.self, PluginsInfo.self, PluginsDisable.self, PluginsEnable.self, PluginsSet.self,
            PluginsNew.self, PluginsTest.self, PluginsInstall.self, PluginsUpdate.self, PluginsRemove.self,
            PluginsKeygen.self, PluginsSign.self, PluginsTrust.self, PluginsPack.self,
        ],
        defaultSubcommand: PluginsList.self
    )
}

/// A plugin record as JSON and text.
struct PluginSummary: Encodable {
    let id: String, name: String?, version: String?, directory: String, origin: String, status: String, reason: String?
    let permissions: [String], description: String?, author: String?
    /// Who signed it, for a plugin `kith plugins install` put in place ("unsigned" if no one).
    let signer: String?
    /// Its declared settings with their values (in `kith plugins info`; empty in lists).
    var settings: [SettingSummary] = []

    struct SettingSummary: Encodable {
        let key: String, value: String, defaultValue: String, accepts: String, description: String
    }

    /// With the plugin's settings as they stand in `store` (one that no longer fits says so).
    init(_ r: PluginRecord, store: KithStore) {
        self.init(r)
        settings = (r.manifest?.settings ?? []).map { s in
            let value = (try? store.pluginSetting(s, of: r.id).description) ?? "(not valid: set it again)"
            return SettingSummary(
                key: s.key, value: value, defaultValue: s.defaultValue.description, accepts: s.accepts,
                description: s.description)
        }
    }

    init(_ r: PluginRecord) {
        id = r.id
        name = r.manifest?.name
        version = r.manifest?.version
        directory = r.directory
        origin = r.origin
        permissions = r.manifest?.permissions.map(\.rawValue) ?? []
        description = r.manifest?.description
        author = r.manifest?.author
        // Only for plugins Kith installed in the person's own folder (a record elsewhere could be
        // anyone's), and only as long as the key is still trusted.
        let userFolder = KithPaths.dataHome() + "/plugins/"
        let installed = r.directory.hasPrefix(userFolder) ? PluginInstaller.record(of: r.directory) : nil
        signer = installed.map { record in
            guard let name = record.signer, let fingerprint = record.fingerprint else { return "unsigned" }
            return TrustedKeys().contains(fingerprint)
                ? "\(name) (\(fingerprint))" : "\(name) (\(fingerprint), a key not trusted)"
        }
        status = r.status.name
        reason = r.status.reason
    }

    var statusText: String { reason.map { "\(status): \($0)" } ?? status }
}

struct PluginsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every plugin found on the plugin path, with its status.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try storeOptions.session(reportFailures: false, scratchIfMissing: true)
        let plugins = session.plugins.records.map(PluginSummary.init)
        if output.json { return try Output.json(plugins) }
        if plugins.isEmpty {
            return print("No plugins found. Create one with 'kith plugins new NAME'; see docs/plugins.md.")
        }
        Output.table(
            ["ID", "VERSION", "FROM", "SIGNED BY", "PERMISSIONS", "STATUS"],
            plugins.map { p in
                [
                    p.id, p.version ?? "-", "\(p.origin): \(p.directory)", p.signer ?? "-",
                    p.permissions.isEmpty ? "-" : p.permissions.joined(separator: ","), p.statusText,
                ]
            })
    }
}

struct PluginsInfo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Details of one plugin.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The plugin's id.") var id: String

    func run() throws {
        let session = try storeOptions.session(reportFailures: false, scratchIfMissing: true)
        let store = session.store
        let p = PluginSummary(try findPlugin(id, in: session.plugins.records), store: store)
        if output.json { return try Output.json(p) }
        let types = store.catalog as Catalog?
        var lines = [
            ("Name", p.name ?? "-"), ("Version", p.version ?? "-"), ("Status", p.statusText),
            ("Folder", p.directory), ("From", p.origin),
            ("Permissions", p.permissions.isEmpty ? "none" : p.permissions.joined(separator: ", ")),
        ]
        if let d = p.description { lines.insert(("About", d), at: 1) }
        if let a = p.author { lines.append(("Author", a)) }
        if let signer = p.signer { lines.append(("Signed by", signer)) }
        for setting in p.settings {
            lines.append(
                (
                    "Setting",
                    "\(setting.key) = \(setting.value) (\(setting.accepts); default \(setting.defaultValue)): \(setting.description)"
                ))
        }
        if let catalog = types {
            let defined =
                catalog.supportTypes.filter { $0.plugin == id }.map(\.id)
                + catalog.metrics.filter { $0.plugin == id }.map(\.id)
            if !defined.isEmpty { lines.append(("Defines", defined.joined(separator: ", "))) }
        }
        print(p.id)
        for (label, value) in lines { print("  " + Output.padded(label + ":", to: 14) + value) }
    }
}

struct PluginsDisable: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Stop loading a plugin (it stays installed).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The plugin's id.") var id: String

    func run() throws {
        _ = try findPlugin(
            id, in: PluginHost.discover(path: try storeOptions.pluginPath, disabled: PluginSettings().disabled()))
        try PluginSettings().set(id, disabled: true)
        print("Disabled \(id). 'kith plugins enable \(id)' loads it again.")
    }
}

struct PluginsEnable: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Load a disabled plugin again.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The plugin's id.") var id: String

    func run() throws {
        _ = try findPlugin(
            id, in: PluginHost.discover(path: try storeOptions.pluginPath, disabled: PluginSettings().disabled()))
        try PluginSettings().set(id, disabled: false)
        print("Enabled \(id).")
    }
}

struct PluginsSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a setting a plugin declares, such as 'kith plugins set ucla3 cutoff 7'.",
        discussion: "'kith plugins info ID' lists a plugin's settings, what each accepts and its value.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The plugin's id.") var id: String
    @Argument(help: "The setting.") var key: String
    @Argument(help: "Its value: a number, true or false, or text.") var value: String

    func run() throws {
        let session = try storeOptions.session(reportFailures: false)
        let settings = try findPlugin(id, in: session.plugins.records).manifest?.settings ?? []
        guard let setting = settings.first(where: { $0.key == key }) else {
            let declared = settings.map(\.key).joined(separator: ", ")
            throw KithError.invalid(
                "setting",
                settings.isEmpty
                    ? "plugin '\(id)' declares no settings"
                    : "plugin '\(id)' has no setting \"\(key)\"; its settings: \(declared) ('kith plugins info \(id)' says what each takes)"
            )
        }
        let value = try session.store.setPluginSetting(setting, of: id, typed: value)
        print("Set \(key) = \(value) for \(id).")
    }
}

struct PluginsNew: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a working plugin to start from, with a spec and editor settings.")

    @Argument(help: "The plugin's name; its id and folder are made from it.") var name: String
    @Option(
        name: .customLong("in"),
        help: ArgumentHelp("Where to create it (default: the current folder).", valueName: "dir"))
    var parent: String = FileManager.default.currentDirectoryPath

    func run() throws {
        let (folder, files) = try PluginScaffold.create(name: name, in: parent)
        print("Created \(folder) with \(files.joined(separator: ", ")).")
        print("Next: 'kith plugins test \(folder)', then copy it into ~/.local/share/kith/plugins/ or use --plugins.")
    }
}

struct PluginsTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run a plugin's spec/*_spec.lua in the sandbox, against a fresh store and a fixed clock.")

    @Argument(help: "The plugin's folder (default: the current folder).") var directory: String = FileManager.default
        .currentDirectoryPath
    @Option(help: ArgumentHelp("The instant the specs see as now.", valueName: "instant")) var now =
        "2026-03-02T09:00:00Z"

    func run() throws {
        var runner = PluginSpecRunner(directory: directory)
        runner.now = now
        var passed = 0, failed = 0, pending = 0
        _ = try runner.run { outcome in
            switch outcome.status {
            case .passed: passed += 1; print("  ok    \(outcome.name)")
            case .pending: pending += 1; print("  todo  \(outcome.name)")
            case .failed(let message):
                failed += 1
                print("  FAIL  \(outcome.name)\n        \(message.replacingOccurrences(of: "\n", with: "\n        "))")
            }
        }
        print("\(passed) passed, \(failed) failed" + (pending > 0 ? ", \(pending) pending" : ""))
        if failed > 0 { throw ExitCode(1) }
    }
}

/// The plugin with `id` among those found, or an error listing them.
/// The plugin `id` among `records`: those a session loaded, or those found on the path without
/// running any plugin code (for disable and enable).
func findPlugin(_ id: String, in records: [PluginRecord]) throws -> PluginRecord {
    if let record = records.first(where: { $0.id == id }) { return record }
    let known = records.map(\.id).joined(separator: ", ")
    throw KithError(
        .notFound,
        "No plugin '\(id)' is on the plugin path\(known.isEmpty ? "" : " (found: \(known))"). Run 'kith plugins list'.")
}
