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
    @Flag(help: "Take back everything a clinic's profile set (your own settings and your data stay).")
    var removeProfile = false

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
        if removeProfile { return try Self.removeProfile(config) }
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
                source: config.origins["week_starts"] ?? "not set: the weekly report covers the last 7 days"))
        settings.append(
            Setting(
                name: "time zone", value: store.clock.timeZone.identifier,
                source: environment["TZ"].map { _ in "TZ" } ?? "the system"))
        settings += Self.profileSettings(config, store: store)
        if output.json {
            return try Output.json(Report(file: config.file, fileExists: config.exists, settings: settings))
        }
        print(
            "Settings file: \(config.file)"
                + (config.exists ? "" : " (none yet; 'kith config --example' prints one to start from)"))
        Output.table(["SETTING", "VALUE", "FROM"], settings.map { [$0.name, $0.value, $0.source] })
    }

    /// The clinic profile's own rows: which profile, the clinic's number, its support types'
    /// usual circles and its schedules, each marked when no plugin defines what it names.
    static func profileSettings(_ config: KithConfig, store: KithStore) -> [Setting] {
        if let problem = config.profileProblem {
            return [
                Setting(
                    name: "clinic profile", value: "not used: \(problem)",
                    source: ClinicProfile.layerPath(settingsFile: config.file))
            ]
        }
        guard let profile = config.profile else { return [] }
        let origin = "clinic profile (\(profile.clinic.name))"
        var rows = [
            Setting(
                name: "clinic profile",
                value: profile.clinic.name + (profile.appliedOn.map { ", applied \($0.text)" } ?? "")
                    + (profile.signedBy.map { ", signed by \($0)" } ?? ""),
                source: ClinicProfile.layerPath(settingsFile: config.file))
        ]
        if let phone = profile.clinic.phone {
            rows.append(
                Setting(
                    name: "clinic's number", value: phone + (profile.clinic.note.map { " (\($0))" } ?? ""),
                    source: origin))
        }
        let missing = " (no plugin defines it now)"
        for (id, usual) in profile.clinic.types.sorted(by: { $0.key < $1.key }) {
            let parts = [usual.circle.map { "\($0.rawValue) circle" }, usual.cadenceDays.map { "every \($0) days" }]
            rows.append(
                Setting(
                    name: "new '\(id)' people",
                    value: parts.compactMap { $0 }.joined(separator: ", ")
                        + (store.catalog.supportType(id) == nil ? missing : ""),
                    source: origin))
        }
        for schedule in profile.clinic.schedules {
            let known = store.catalog.assessments.contains { $0.id == schedule.instrument }
            rows.append(
                Setting(
                    name: "instrument \(schedule.instrument)",
                    value: schedule.every.description + (known ? "" : missing),
                    source: origin))
        }
        return rows
    }

    static func removeProfile(_ config: KithConfig) throws {
        let path = ClinicProfile.layerPath(settingsFile: config.file)
        guard FileManager.default.fileExists(atPath: path) else {
            throw KithError(.notFound, "No clinic profile is applied (there is no \(path)); nothing to take back.")
        }
        try FileManager.default.removeItem(atPath: path)
        print("Removed the clinic profile" + (config.profile.map { " of \($0.clinic.name)" } ?? "") + " (\(path)).")
        print(
            "What it set is back to your own settings or Kith's defaults; your data, answers and settings file stay as they were"
                + " (people added meanwhile keep the circle and cadence they were given).")
    }
}
