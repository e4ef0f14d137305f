import Foundation
import KithCore
import TOMLKit

/// A clinic's profile (`profile.toml` in a bundle): the clinic's name and number, the crisis
/// line and country, the first day of the week, where its support types' people usually go,
/// and the instruments it asks for on a schedule. Applying one writes it, as it came, into
/// `clinic-profile.toml` beside the settings file: a layer under the person's own settings,
/// shown by the config command and removed whole by it.
public struct ClinicProfile: Sendable {
    public var clinic: ClinicSettings
    /// `country = "GB"`: the bundled crisis line of that country.
    public var country: String?
    /// `[crisis_line]`: a line of the clinic's choice.
    public var crisisLine: CrisisLine?
    /// 1 = Monday ... 7 = Sunday.
    public var weekStarts: Int?
    /// When it was applied (the start of its schedules); nil in a bundle not yet applied.
    public var appliedOn: LocalDay?
    /// Who signed the bundle it came in, if anyone.
    public var signedBy: String?
    /// The profile as the clinic wrote it (without the lines Kith adds when applying it).
    public var text: String

    /// Its name in a bundle.
    public static let fileName = "profile.toml"
    /// The keys a profile may hold.
    public static let keys = ["country", "week_starts", "clinic", "crisis_line", "support_types", "instruments"]
    /// The keys Kith adds when applying one.
    static let appliedKeys = ["applied_on", "signed_by"]
    static let marker = "# ---- the clinic's profile, as it came ----\n"

    /// Parses a profile's text; `file` names it in errors. Everything is checked: an unknown
    /// key, a circle or interval misspelt, a schedule twice, is an error naming it.
    public static func parse(_ text: String, file: String) throws -> ClinicProfile {
        // A byte-order mark is dropped: kept, it would sit mid-file once applied.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        guard text.utf8.count <= maxSize else {
            throw KithError(.invalidInput, "\(file) is over 64 KiB; a clinic profile is a few settings")
        }
        return try read(SettingsFile.parse(text, file: file), text: text, file: file, known: keys)
    }

    /// The largest profile accepted.
    static let maxSize = 64 * 1024

    private static func read(_ table: TOMLTable, text: String, file: String, known: [String]) throws -> ClinicProfile {
        try SettingsFile.requireKnown(table, known, file: file, what: "profile setting")
        func fail(_ key: String, _ what: String) -> KithError { SettingsFile.fail(file, key, what) }
        if let t = table["clinic"]?.table {
            try SettingsFile.requireKnown(t, ["name", "phone", "note"], file: file, what: "key of [clinic]")
            if t["note"] != nil && t["phone"] == nil {
                throw fail("clinic.note", "says when to call: give a phone too")
            }
        }
        guard let t = table["clinic"]?.table, let contact = try? SettingsFile.contact(t, phoneRequired: false) else {
            throw fail(
                "clinic",
                "must be a table with the clinic's name, and its phone and a note if it gives them ([clinic] name = \"...\" phone = \"...\")"
            )
        }
        let clinic = ClinicSettings(name: contact.name, phone: contact.phone, note: contact.note)
        var profile = ClinicProfile(clinic: clinic, text: text)
        if let value = table["country"] { profile.country = try SettingsFile.country(value, file: file) }
        if let value = table["crisis_line"] {
            profile.crisisLine = try SettingsFile.crisisLine(
                value, file: file, source: "clinic profile (\(contact.name))")
        }
        if profile.country != nil && profile.crisisLine != nil {
            throw fail("country", "and 'crisis_line' both name a line; keep one")
        }
        if let value = table["week_starts"] { profile.weekStarts = try SettingsFile.weekday(value, file: file) }
        if let value = table["support_types"] {
            guard let types = value.table else {
                throw fail(
                    "support_types", "must hold a table per support type ([support_types.peer] circle = \"inner\")")
            }
            for id in types.keys.sorted() {
                guard SettingsFile.isIdentifier(id) else {
                    throw fail("support_types", "names a type with characters a support type id does not have")
                }
                let key = "support_types.\(id)"
                guard let t = types[id]?.table, !t.isEmpty else {
                    throw fail(key, "must be a table with a circle, a cadence_days, or both")
                }
                try SettingsFile.requireKnown(t, ["circle", "cadence_days"], file: file, what: "key of \(key)")
                var usual = ClinicSettings.TypeDefaults()
                if let circle = t["circle"] {
                    guard let word = circle.string, let parsed = Circle(rawValue: word) else {
                        throw fail(key + ".circle", "must be \"inner\", \"middle\" or \"outer\"")
                    }
                    usual.circle = parsed
                }
                if let days = t["cadence_days"] {
                    guard let n = days.int, (1...3650).contains(n) else {
                        throw fail(key + ".cadence_days", "must be a whole number of days from 1 to 3650")
                    }
                    usual.cadenceDays = n
                }
                profile.clinic.types[id] = usual
            }
        }
        if let value = table["instruments"] {
            guard let instruments = value.table else {
                throw fail("instruments", "must hold a table per instrument ([instruments.phq9] every = \"14 days\")")
            }
            for id in instruments.keys.sorted() {
                guard SettingsFile.isIdentifier(id) else {
                    throw fail("instruments", "names an instrument with characters an assessment id does not have")
                }
                let key = "instruments.\(id)"
                guard let t = instruments[id]?.table, let every = t["every"]?.string else {
                    throw fail(key, "must be a table with how often: every = \"14 days\"")
                }
                try SettingsFile.requireKnown(t, ["every"], file: file, what: "key of \(key)")
                guard let interval = ScheduleInterval(parsing: every) else {
                    throw fail(key + ".every", "must be \(ScheduleInterval.expected)")
                }
                profile.clinic.schedules.append(
                    ClinicSettings.InstrumentSchedule(instrument: id, every: interval, since: LocalDay(0)))
            }
        }
        return profile
    }

}

extension ClinicProfile {
    /// Where an applied profile is kept: `clinic-profile.toml` beside the settings file.
    public static func layerPath(settingsFile: String) -> String {
        URL(fileURLWithPath: settingsFile).deletingLastPathComponent().appendingPathComponent("clinic-profile.toml")
            .path
    }

    /// The applied profile, if any.
    static func loadLayer(_ path: String) throws -> ClinicProfile? {
        guard let table = try SettingsFile.table(path, what: "the clinic profile") else { return nil }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try layer(table, text: text, path: path)
    }

    private static func layer(_ table: TOMLTable, text: String, path: String) throws -> ClinicProfile {
        let own = text.range(of: marker).map { String(text[$0.upperBound...]) } ?? text
        var profile = try read(table, text: own, file: path, known: keys + appliedKeys)
        guard let applied = table["applied_on"]?.string, let day = try? LocalDay(parsing: applied, field: "applied_on")
        else { throw SettingsFile.fail(path, "applied_on", "must be the date it was applied, \"YYYY-MM-DD\"") }
        profile.appliedOn = day
        profile.signedBy = table["signed_by"]?.string
        for i in profile.clinic.schedules.indices { profile.clinic.schedules[i].since = day }
        return profile
    }

    /// Checks, before anything is installed, that the profile applied on `day` reads back as
    /// every command will read it: a layer that could not be read would be set aside.
    public func checkApplied(on day: LocalDay, signedBy: String?, path: String) throws {
        let text = layerText(on: day, signedBy: signedBy)
        guard text.utf8.count <= 1 << 20 else {
            throw KithError(
                .invalidInput, "The clinic profile would be over 1 MiB once applied; nothing was installed.")
        }
        _ = try Self.layer(try SettingsFile.parse(text, file: path), text: text, path: path)
    }

    private func layerText(on day: LocalDay, signedBy: String?) -> String {
        var header = "# Applied by Kith from a clinic's bundle. Your own settings file wins over this one;\n"
        header += "# removing this file takes back all of it (people added meanwhile keep their circles).\n"
        header += "applied_on = \"\(day.text)\"\n"
        if let signedBy { header += "signed_by = \(Self.tomlString(signedBy))\n" }
        return header + Self.marker + text
    }

    /// Writes the profile as applied on `day`: the lines Kith adds, then the clinic's text.
    /// Written whole to a new file and moved into place, readable by the person alone.
    public func apply(to path: String, on day: LocalDay, signedBy: String?) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".new-" + UUID().uuidString
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(layerText(on: day, signedBy: signedBy).utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw KithError(.invalidInput, "Could not write \(temporary); is \(folder) writable?") }
        // Read back as every command will read it: a layer that could not be read would stop them all.
        do {
            _ = try Self.loadLayer(temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw KithError(.invalidInput, "Could not put the clinic profile in place at \(path).")
        }
    }

    /// A TOML basic string: the text has no control characters (cleaned on the way in).
    static func tomlString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// What applying it would set, in plain words, one line each; a setting the person's own
    /// settings file already holds is said to stay theirs.
    public func summary(own: KithConfig) -> [String] {
        var lines: [String] = []
        let yours = " (your own settings file sets this; yours stays)"
        if let phone = clinic.phone {
            lines.append(
                "- shows \(clinic.name)'s number with crisis support: \(phone)" + (clinic.note.map { " (\($0))" } ?? "")
            )
        }
        let storeLine = " (a line set in a store itself stays first there)"
        if let country, let line = CrisisLine.bundled[country] {
            lines.append(
                "- the crisis line Kith shows: \(line.name) \(line.phone) (country \(country))"
                    + (own.ownsCrisisLine ? yours : storeLine))
        }
        if let crisisLine {
            lines.append(
                "- the crisis line Kith shows: \(crisisLine.name) \(crisisLine.phone)"
                    + (crisisLine.note.map { " (\($0))" } ?? "") + (own.ownsCrisisLine ? yours : storeLine))
        }
        if let weekStarts {
            lines.append(
                "- weeks start on \(KithConfig.weekdayName(weekStarts))"
                    + (own.origins["week_starts"] == "settings file" ? yours : ""))
        }
        for (id, usual) in clinic.types.sorted(by: { $0.key < $1.key }) {
            var parts: [String] = []
            if let circle = usual.circle { parts.append("go in your \(circle.rawValue) circle") }
            if let days = usual.cadenceDays {
                parts.append("get a reminder to stay in touch after \(Plural.count(days, "day"))")
            }
            lines.append(
                "- people you add as '\(id)' " + parts.joined(separator: " and ") + " unless you say otherwise")
        }
        for schedule in clinic.schedules {
            lines.append(
                "- asks for '\(schedule.instrument)' \(schedule.every): a reminder when it is due, done when you answer it"
            )
        }
        return lines
    }
}
