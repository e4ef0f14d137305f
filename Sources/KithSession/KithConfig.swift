import Foundation
import KithCore
import KithPlugins

/// The person's settings file, `$XDG_CONFIG_HOME/kith/config.toml` (`~/.config/kith/config.toml`;
/// `$KITH_CONFIG` names another): the default store, more plugin folders, the crisis line and
/// the first day of the week. Command-line options and environment variables win over it; it
/// wins over Kith's defaults and a clinic plugin's crisis line.
public struct KithConfig: Sendable {
    /// The file read (whether or not it exists).
    public let file: String
    /// True when the file exists.
    public var exists: Bool
    /// The clinic profile applied under the file, if any.
    public private(set) var profile: ClinicProfile?
    /// Why the applied clinic profile is not used, when it cannot be read.
    public private(set) var profileProblem: String?
    /// Where the crisis line and the first day of the week come from, when set: "settings
    /// file" or "clinic profile (NAME)", by key (`crisis_line`, `week_starts`).
    public private(set) var origins: [String: String] = [:]
    /// `store = "~/recovery/kith.sqlite"`.
    public var store: String?
    /// `plugin_path = ["~/clinic-plugins"]`, searched after `$KITH_PLUGIN_PATH`.
    public var pluginPath: [String] = []
    /// `country = "GB"`: the bundled crisis line of that country.
    public var country: String?
    /// `[crisis_line] name = "...", phone = "..."`: a line of the person's choice.
    public var crisisLine: CrisisLine?
    /// `week_starts = "sunday"`: 1 = Monday ... 7 = Sunday.
    public var weekStarts: Int?
    /// `require_signatures = true`: plugins install only from bundles signed by a trusted key
    /// (a clinic-managed machine).
    public var requireSignatures = false

    /// Every key the file may hold.
    public static let keys = ["store", "plugin_path", "country", "crisis_line", "week_starts", "require_signatures"]

    /// A commented example, for a person starting the file.
    public static let example = """
        # Kith settings. Command-line options and KITH_* variables win over these.
        store = "~/recovery/kith.sqlite"      # the store commands use without --store
        plugin_path = ["~/clinic-plugins"]    # more plugin folders, searched before your own and the bundled ones
        country = "GB"                        # the crisis line Kith shows: US, CA, GB, IE, AU, NZ or an EU country
        week_starts = "monday"                # the weekly report covers the week that holds today
        require_signatures = false            # true: install plugins only from bundles a trusted key signed

        # or a line of your choice instead of country:
        # [crisis_line]
        # name = "Samaritans"
        # phone = "116 123"
        """

    /// Where the file is: `$KITH_CONFIG`, else `$XDG_CONFIG_HOME/kith/config.toml`, else `~/.config/kith/config.toml`.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let file = environment["KITH_CONFIG"], !file.isEmpty { return file }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/kith/config.toml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/kith/config.toml"
    }

    /// Reads the file; a missing one is empty. A file that cannot be read or parsed, or that
    /// holds an unknown key or a wrong value, is an error naming the file and the key: a
    /// setting silently dropped could send a command to another store. A clinic profile the
    /// person applied is read too, under the file: what the file sets wins.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KithConfig {
        let file = path(environment: environment)
        var config = KithConfig(file: file, exists: false)
        // A profile that cannot be read is set aside, said, and never stops a command: the
        // person did not write it, and their safety plan must still open.
        do {
            if let profile = try ClinicProfile.loadLayer(ClinicProfile.layerPath(settingsFile: file)) {
                config.layer(profile)
            }
        } catch {
            config.profileProblem = "\(error) The clinic profile is not used until it is removed or installed again."
        }
        guard let table = try SettingsFile.table(file, what: "the settings file") else { return config }
        config.exists = true
        let home = environment["HOME"] ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
        }
        func fail(_ key: String, _ what: String) -> KithError { SettingsFile.fail(file, key, what) }
        try SettingsFile.requireKnown(table, keys, file: file)
        if let value = table["store"] {
            guard let s = value.string, !s.isEmpty else { throw fail("store", "must be a path in quotes") }
            config.store = expand(s)
        }
        if let value = table["plugin_path"] {
            let items = value.array.map { Array($0) } ?? [value]
            config.pluginPath = try items.map { item in
                guard let s = item.string, !s.isEmpty else {
                    throw fail("plugin_path", "must be a folder or a list of folders in quotes")
                }
                return expand(s)
            }
        }
        let ownCountry = try table["country"].map { try SettingsFile.country($0, file: file) }
        let ownLine = try table["crisis_line"].map {
            try SettingsFile.crisisLine($0, file: file, source: "settings file \(file)")
        }
        if ownCountry != nil && ownLine != nil { throw fail("country", "and 'crisis_line' both name a line; keep one") }
        if ownCountry != nil || ownLine != nil {
            // One line: the person's, whichever way they named it, in place of the profile's.
            (config.country, config.crisisLine) = (ownCountry, ownLine)
            config.origins["crisis_line"] = "settings file"
        }
        if let value = table["week_starts"] {
            config.weekStarts = try SettingsFile.weekday(value, file: file)
            config.origins["week_starts"] = "settings file"
        }
        if let value = table["require_signatures"] {
            guard let flag = value.bool else { throw fail("require_signatures", "must be true or false") }
            config.requireSignatures = flag
        }
        return config
    }

    /// Takes the values of an applied clinic profile, each marked as the profile's.
    private mutating func layer(_ profile: ClinicProfile) {
        self.profile = profile
        let origin = "clinic profile (\(profile.clinic.name))"
        if profile.country != nil || profile.crisisLine != nil {
            (country, crisisLine) = (profile.country, profile.crisisLine)
            origins["crisis_line"] = origin
        }
        if let day = profile.weekStarts {
            weekStarts = day
            origins["week_starts"] = origin
        }
    }

    /// Whether the person's own settings file names a crisis line (country or line).
    public var ownsCrisisLine: Bool { origins["crisis_line"] == "settings file" }

    /// What the applied clinic profile sets for stores (its name and number, its support
    /// types' usual circles, its schedules), if one is applied.
    public var clinic: ClinicSettings? { profile?.clinic }

    /// The crisis line the file sets, if any.
    public var line: CrisisLine? {
        if let crisisLine { return crisisLine }
        guard let country, var bundled = CrisisLine.bundled[country] else { return nil }
        bundled.source =
            (ownsCrisisLine ? "settings file \(file)" : origins["crisis_line"] ?? "") + " (country \(country))"
        return bundled
    }

    /// The weekday name for `weekStarts`.
    public static func weekdayName(_ day: Int) -> String { SettingsFile.weekdays[day - 1] }
}
