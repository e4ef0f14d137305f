import Foundation
import KithCore
import KithPlugins
import TOMLKit

/// Reading a settings-like TOML file (the settings file, a clinic profile) and the values both
/// hold, checked the same way wherever they come from.
enum SettingsFile {
    /// The file's table, or nil when there is no file. Only a regular UTF-8 file of at most
    /// 1 MiB is read: a path pointing at a device or a pipe (/dev/zero) must not be read
    /// without end. `what` names the file in errors ("the settings file").
    static func table(_ file: String, what: String) throws -> TOMLTable? {
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        guard attributes?[.type] as? FileAttributeType == .typeRegular,
            let size = attributes?[.size] as? Int, size <= 1 << 20,
            let data = FileManager.default.contents(atPath: file), data.count <= 1 << 20,
            let text = String(validating: data, as: UTF8.self)
        else {
            throw KithError(
                .invalidInput,
                "Could not read \(what) \(file) (not a regular file, unreadable, not UTF-8, or over 1 MiB); fix or remove it."
            )
        }
        return try parse(text, file: file)
    }

    /// Parses TOML text, an error naming the file and line.
    static func parse(_ text: String, file: String) throws -> TOMLTable { try TOMLText.table(text, file: file) }

    /// The error for a wrong value: the file, the key, what it must be.
    static func fail(_ file: String, _ key: String, _ what: String) -> KithError {
        KithError(.invalidInput, "\(file): '\(key)' \(what); fix it, or remove the line")
    }

    /// Refuses keys outside `known`: a setting silently dropped could send a command to
    /// another store, or a schedule nowhere.
    static func requireKnown(_ table: TOMLTable, _ known: [String], file: String, what: String = "setting") throws {
        for key in table.keys.sorted() where !known.contains(key) {
            throw KithError(
                .invalidInput, "\(file): unknown \(what) '\(key)'; known: \(known.joined(separator: ", "))")
        }
    }

    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// `country = "GB"`: a country with a bundled crisis line.
    static func country(_ value: TOMLValueConvertible, file: String) throws -> String {
        guard let code = value.string?.uppercased(), CrisisLine.bundled[code] != nil else {
            throw fail(
                file, "country",
                "has no bundled crisis line; known: \(CrisisLine.bundled.keys.sorted().joined(separator: ", "))")
        }
        return code
    }

    /// `[crisis_line] name, phone, note`, cleaned as a line set in the store is.
    static func crisisLine(_ value: TOMLValueConvertible, file: String, source: String) throws -> CrisisLine {
        guard let t = value.table, let found = try? contact(t), let phone = found.phone, !CrisisLine.dial(phone).isEmpty
        else {
            throw fail(
                file, "crisis_line",
                "must be a table with a name and a phone number ([crisis_line] name = \"...\" phone = \"...\")")
        }
        return CrisisLine(name: found.name, phone: phone, note: found.note, source: source)
    }

    /// A table's name, phone and note, cleaned: one line of plain text each, nothing blank, a
    /// phone with digits to dial; nil when
    /// it holds anything else, or lacks a name (or a phone, if `phoneRequired`).
    static func contact(_ t: TOMLTable, phoneRequired: Bool = true) throws -> (
        name: String, phone: String?, note: String?
    )? {
        guard Set(t.keys).isSubset(of: ["name", "phone", "note"]),
            let name = try optionalText(t, "name"), !name.isEmpty
        else { return nil }
        guard let phone = try optionalText(t, "phone") else { return phoneRequired ? nil : (name, nil, nil) }
        guard !CrisisLine.dial(phone).isEmpty else { return nil }
        let note = try optionalText(t, "note")
        return (name, phone, note?.isEmpty == false ? note : nil)
    }

    /// A text value, cleaned; nil when absent; an error when not text or when it holds
    /// control or formatting characters (shown to a person, dialled from a link).
    private static func optionalText(_ t: TOMLTable, _ key: String) throws -> String? {
        guard let value = t[key] else { return nil }
        guard let text = value.string, !PlainText.hasHiddenCharacters(text) else {
            throw KithError.invalid(key, "must be one line of plain text in quotes")
        }
        return try TextInput.clean(text, field: key, trim: true)
    }

    /// Whether `key` may name a support type or an instrument: a plugin id's letters.
    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, key.count <= 64 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-")
        return CharacterSet.alphanumerics.contains(first) && key.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    /// `week_starts = "monday"`: 1 = Monday ... 7 = Sunday.
    static func weekday(_ value: TOMLValueConvertible, file: String) throws -> Int {
        guard let day = value.string?.lowercased(), let index = weekdays.firstIndex(of: day) else {
            throw fail(file, "week_starts", "must be a weekday name such as \"monday\" or \"sunday\"")
        }
        return index + 1
    }
}
