import ArgumentParser
import Foundation
import KithCore
import KithPlugins
import KithSession

/// `kith config`: each setting, its value, and where that value came from.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show your settings and where each comes from (the settings file, the environment, an option).",
        discussion:
            "The settings file is $XDG_CONFIG_HOME/kith/config.toml (~/.config/kith/config.toml; $KITH_CONFIG names another). "
            + "'kith config --example' prints a commented one to start from.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Print a commented example settings file.") var example = false

    struct Setting: Encodable {
        let name: String
        let value: String
        let source: String
    }

    struct Report: Encodable {
        let file: String
        let fileExists: Bool
        let settings: [Setting]
        enum CodingKeys: String, CodingKey { case file, fileExists = "file_exists", settings }
    }

    func run() throws {
        if example { return print(KithConfig.example) }
        let config = try Settings.config()
        let environment = ProcessInfo.processInfo.environment
        var settings: [Setting] = []
        let (path, storeSource) = KithSession.storePath(storeOptions.sessionOptions, settings: config)
        settings.append(
            Setting(
                name: "store", value: path + (KithStore.exists(at: path) ? "" : " (no store there yet: 'kith init')"),
                source: storeSource))
        for folder in try storeOptions.pluginPath.folders {
            settings.append(Setting(name: "plugin folder", value: folder.path, source: folder.origin))
        }
        let store = try storeOptions.session(reportFailures: false, scratchIfMissing: true).store
        let line = try store.crisisLine()
        let lineSource =
            line == nil
            ? "none set: 'kith plan crisis-line --country CODE', or country in the settings file"
            : line == store.catalog.defaultCrisisLine
                ? (line?.source ?? "a plugin") : "this store ('kith plan crisis-line')"
        settings.append(
            Setting(name: "crisis line", value: line.map { "\($0.name) \($0.phone)" } ?? "-", source: lineSource))
        settings.append(
            Setting(
                name: "week starts", value: config.weekStarts.map(KithConfig.weekdayName) ?? "-",
                source: config.weekStarts == nil ? "not set: the weekly report covers the last 7 days" : "settings file"
            ))
        settings.append(
            Setting(
                name: "time zone", value: store.clock.timeZone.identifier,
                source: environment["TZ"].map { _ in "TZ" } ?? "the system"))
        if output.json {
            return try Output.json(Report(file: config.file, fileExists: config.exists, settings: settings))
        }
        print(
            "Settings file: \(config.file)"
                + (config.exists ? "" : " (none yet; 'kith config --example' prints one to start from)"))
        Output.table(["SETTING", "VALUE", "FROM"], settings.map { [$0.name, $0.value, $0.source] })
    }
}
