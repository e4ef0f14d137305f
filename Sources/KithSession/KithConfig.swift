import Foundation
import KithCore
import KithPlugins
import TOMLKit

/// The person's settings file, `$XDG_CONFIG_HOME/kith/config.toml` (`~/.config/kith/config.toml`;
/// `$KITH_CONFIG` names another): the default store, more plugin folders, the crisis line and
/// the first day of the week. Command-line options and environment variables win over it; it
/// wins over Kith's defaults and a clinic plugin's crisis line.
public struct KithConfig: Sendable {
    /// The file read (whether or not it exists).
    public let file: String
    /// True when the file exists.
    public let exists: Bool
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
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

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
    /// setting silently dropped could send a command to another store.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KithConfig {
        let file = path(environment: environment)
        guard FileManager.default.fileExists(atPath: file) else { return KithConfig(file: file, exists: false) }
        // Only a regular file of at most 1 MiB is read: a settings path pointing at a device or
        // a pipe (/dev/zero) must not be read without end.
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        guard attributes?[.type] as? FileAttributeType == .typeRegular,
            let size = attributes?[.size] as? Int, size <= 1 << 20,
            let data = FileManager.default.contents(atPath: file), data.count <= 1 << 20,
            let text = String(validating: data, as: UTF8.self)
        else {
            throw KithError(
                .invalidInput,
                "Could not read the settings file \(file) (not a regular file, unreadable, not UTF-8, or over 1 MiB); fix or remove it."
            )
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw KithError(.invalidInput, "\(file):\(error.source.begin.line): \(error.description); fix or remove it")
        }
        var config = KithConfig(file: file, exists: true)
        let home = environment["HOME"] ?? NSHomeDirectory()
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst() : path
        }
        func fail(_ key: String, _ what: String) -> KithError {
            KithError(.invalidInput, "\(file): '\(key)' \(what); fix it, or remove the line")
        }
        for key in table.keys.sorted() where !keys.contains(key) {
            throw KithError(
                .invalidInput, "\(file): unknown setting '\(key)'; known settings: \(keys.joined(separator: ", "))")
        }
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
        if let value = table["country"] {
            guard let code = value.string?.uppercased(), CrisisLine.bundled[code] != nil else {
                throw fail(
                    "country",
                    "has no bundled crisis line; known: \(CrisisLine.bundled.keys.sorted().joined(separator: ", "))")
            }
            config.country = code
        }
        if let value = table["crisis_line"] {
            // Cleaned as a line set in the store is: no control characters, nothing blank.
            guard let t = value.table,
                let name = try? t["name"]?.string.map({ try TextInput.clean($0, field: "name", trim: true) }),
                let phone = try? t["phone"]?.string.map({ try TextInput.clean($0, field: "phone", trim: true) }),
                !name.isEmpty, !CrisisLine.dial(phone).isEmpty,
                let note = try? t["note"]?.string.map({ try TextInput.clean($0, field: "note", trim: true) })
                    as String??
            else {
                throw fail(
                    "crisis_line",
                    "must be a table with a name and a phone number ([crisis_line] name = \"...\" phone = \"...\")")
            }
            config.crisisLine = CrisisLine(name: name, phone: phone, note: note, source: "settings file \(file)")
        }
        if config.country != nil && config.crisisLine != nil {
            throw fail("country", "and 'crisis_line' both name a line; keep one")
        }
        if let value = table["week_starts"] {
            guard let day = value.string?.lowercased(), let index = weekdays.firstIndex(of: day) else {
                throw fail("week_starts", "must be a weekday name such as \"monday\" or \"sunday\"")
            }
            config.weekStarts = index + 1
        }
        if let value = table["require_signatures"] {
            guard let flag = value.bool else { throw fail("require_signatures", "must be true or false") }
            config.requireSignatures = flag
        }
        return config
    }

    /// The crisis line the file sets, if any.
    public var line: CrisisLine? {
        if let crisisLine { return crisisLine }
        guard var bundled = country.flatMap({ CrisisLine.bundled[$0] }) else { return nil }
        bundled.source = "settings file \(file) (country \(country!))"
        return bundled
    }

    /// The weekday name for `weekStarts`.
    public static func weekdayName(_ day: Int) -> String { weekdays[day - 1] }
}
