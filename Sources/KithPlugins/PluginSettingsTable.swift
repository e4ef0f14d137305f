import KithCore
import TOMLKit

/// Reads the `[settings.NAME]` tables of a plugin.toml into checked declarations:
///
///     [settings.cutoff]
///     type = "integer"
///     default = 6
///     min = 4
///     max = 9
///     description = "Total at or above which a result is flagged lonely"
enum PluginSettingsTable {
    static func parse(_ value: TOMLValueConvertible?, file: String) throws -> [PluginSetting] {
        guard let value else { return [] }
        guard let table = value.table else {
            throw KithError(.invalidInput, "\(file): 'settings' must be tables like [settings.cutoff]")
        }
        guard table.count <= PluginSetting.maxCount else {
            throw KithError(.invalidInput, "\(file): at most \(PluginSetting.maxCount) settings")
        }
        // TOMLKit keeps no order: settings are listed by name, the same on every run.
        return try table.keys.sorted().map { key in
            guard let fields = table[key]?.table else {
                throw KithError(.invalidInput, "\(file): [settings.\(key)] must be a table")
            }
            do {
                let setting = try setting(key, fields)
                try setting.checkDeclaration()
                return setting
            } catch let error as KithError {
                throw KithError(.invalidInput, "\(file): \(error.description)")
            }
        }
    }

    private static func setting(_ key: String, _ fields: TOMLTable) throws -> PluginSetting {
        let allowed: Set<String> = ["type", "default", "description", "min", "max", "choices"]
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw KithError.invalid(
                "settings.\(key)", "unknown key '\(unknown)'; known keys: \(allowed.sorted().joined(separator: ", "))")
        }
        let kinds = PluginSetting.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let typeName = fields["type"]?.string, let kind = PluginSetting.Kind(rawValue: typeName) else {
            throw KithError.invalid("settings.\(key)", "needs a type: one of \(kinds)")
        }
        guard let description = fields["description"]?.string, !description.isEmpty else {
            throw KithError.invalid("settings.\(key)", "needs a description a person can read")
        }
        guard let raw = fields["default"], let defaultValue = value(raw) else {
            throw KithError.invalid("settings.\(key)", "needs a default (a \(typeName))")
        }
        func number(_ name: String) throws -> Double? {
            guard let v = fields[name] else { return nil }
            if let n = v.int { return Double(n) }
            guard let x = v.double, x.isFinite else {
                throw KithError.invalid("settings.\(key)", "'\(name)' must be a number")
            }
            return x
        }
        var choices: [String] = []
        if let list = fields["choices"] {
            guard let array = list.array, array.allSatisfy({ $0.string != nil }) else {
                throw KithError.invalid("settings.\(key)", "'choices' must be a list of strings")
            }
            choices = array.compactMap(\.string)
        }
        return PluginSetting(
            key: key, kind: kind, description: description, defaultValue: defaultValue, min: try number("min"),
            max: try number("max"), choices: choices)
    }

    private static func value(_ v: TOMLValueConvertible) -> PluginSetting.Value? {
        if let b = v.bool { return .boolean(b) }
        if let n = v.int { return .integer(n) }
        if let x = v.double { return .number(x) }
        if let s = v.string { return .text(s) }
        return nil
    }
}
