import Foundation

/// A setting a plugin declares in its plugin.toml (`[settings.cutoff]`): the one way a person,
/// a clinic or a front end changes how a plugin behaves, checked against its declaration
/// before it is kept, and again when the plugin reads it. Values live in the plugin's
/// `kith.store` under the setting's key, as JSON.
public struct PluginSetting: Sendable, Equatable {
    /// What kind of value the setting holds.
    public enum Kind: String, Sendable, CaseIterable {
        case integer, number, boolean, text
    }

    /// A setting's value.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case integer(Int)
        case number(Double)
        case boolean(Bool)
        case text(String)

        /// As JSON, the form `kith.store` keeps.
        public var json: String {
            switch self {
            case .integer(let n): return String(n)
            case .number(let x): return x.isFinite ? String(x) : "null"
            case .boolean(let b): return b ? "true" : "false"
            case .text(let s):
                return String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
            }
        }

        public var description: String {
            switch self {
            case .integer(let n): return String(n)
            case .number(let x): return String(x)
            case .boolean(let b): return b ? "true" : "false"
            case .text(let s): return s
            }
        }
    }

    /// `[a-z0-9_]`, at most 40 characters.
    public let key: String
    public let kind: Kind
    /// What it changes, in a sentence a person reads in `kith plugins info`.
    public let description: String
    /// The value until someone sets another.
    public let defaultValue: Value
    /// Bounds of an integer or number setting, inclusive.
    public let min: Double?
    public let max: Double?
    /// The values a text setting may take (any text when empty).
    public let choices: [String]

    /// The most settings one plugin declares, and the longest text value.
    public static let maxCount = 32
    public static let maxTextBytes = 1024

    /// A declaration; `check` it before use.
    public init(
        key: String, kind: Kind, description: String, defaultValue: Value, min: Double? = nil, max: Double? = nil,
        choices: [String] = []
    ) {
        self.key = key
        self.kind = kind
        self.description = description
        self.defaultValue = defaultValue
        self.min = min
        self.max = max
        self.choices = choices
    }

    /// The declaration's own consistency: its key, its bounds, its default within them.
    public func checkDeclaration() throws {
        guard !key.isEmpty, key.utf8.count <= 40,
            key.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F })
        else {
            throw KithError.invalid(
                "settings", "a setting's name must be 1 to 40 of a-z, 0-9 and _, got \(quoted(key))")
        }
        if min != nil || max != nil, kind != .integer && kind != .number {
            throw KithError.invalid("settings.\(key)", "has min or max, which only integer and number settings take")
        }
        if !choices.isEmpty, kind != .text {
            throw KithError.invalid("settings.\(key)", "has choices, which only text settings take")
        }
        if let min, let max, min > max {
            throw KithError.invalid("settings.\(key)", "has min \(min) above max \(max)")
        }
        do { _ = try check(defaultValue) } catch let error as KithError {
            throw KithError.invalid("settings.\(key)", "default: \(error.reason)")
        }
    }

    /// The value if it fits the declaration, converted where it may be (a whole number for a
    /// number setting); otherwise an error a person can act on.
    public func check(_ value: Value) throws -> Value {
        switch (kind, value) {
        case (.integer, .integer(let n)):
            guard inBounds(Double(n)) else { throw outOfRange(value) }
            return value
        case (.integer, .number(let x)) where x.rounded() == x && abs(x) < 1e15:
            return try check(.integer(Int(x)))
        case (.number, .integer(let n)):
            return try check(.number(Double(n)))
        case (.number, .number(let x)):
            guard x.isFinite, inBounds(x) else { throw outOfRange(value) }
            return value
        case (.boolean, .boolean):
            return value
        case (.text, .text(let s)):
            guard s.utf8.count <= Self.maxTextBytes else {
                throw KithError.invalid(key, "must be at most \(Self.maxTextBytes) bytes of text")
            }
            guard choices.isEmpty || choices.contains(s) else { throw outOfRange(value) }
            return value
        default:
            throw outOfRange(value)
        }
    }

    /// Reads what a person typed (`7`, `true`, `evening`) as this setting's value.
    public func parse(_ typed: String) throws -> Value {
        switch kind {
        case .integer:
            guard let n = Int(typed.trimmingCharacters(in: .whitespaces)) else { throw outOfRange(.text(typed)) }
            return try check(.integer(n))
        case .number:
            guard let x = Double(typed.trimmingCharacters(in: .whitespaces)) else { throw outOfRange(.text(typed)) }
            return try check(.number(x))
        case .boolean:
            switch typed.lowercased() {
            case "true", "yes", "on": return .boolean(true)
            case "false", "no", "off": return .boolean(false)
            default: throw outOfRange(.text(typed))
            }
        case .text:
            return try check(.text(typed))
        }
    }

    /// The value kept as JSON in the store (nil: never set, so the default), checked: a value
    /// written by hand or by older code that no longer fits is an error, never used.
    public func value(stored json: String?) throws -> Value {
        guard let json else { return defaultValue }
        let stored: Value
        if json == "true" || json == "false" {
            stored = .boolean(json == "true")
        } else if let n = Int(json) {
            stored = .integer(n)
        } else if let x = Double(json) {
            stored = .number(x)
        } else if let s = try? JSONDecoder().decode(String.self, from: Data(json.utf8)) {
            stored = .text(s)
        } else {
            throw KithError.invalid(key, "holds something that is not a setting's value; set it again")
        }
        return try check(stored)
    }

    /// What the setting accepts, as a person reads it: "a whole number from 4 to 9".
    public var accepts: String {
        func bound(_ x: Double) -> String { kind == .integer ? String(Int(x)) : String(x) }
        let noun = kind == .integer ? "a whole number" : "a number"
        switch kind {
        case .integer, .number:
            switch (min, max) {
            case let (lo?, hi?): return "\(noun) from \(bound(lo)) to \(bound(hi))"
            case let (lo?, nil): return "\(noun) of at least \(bound(lo))"
            case let (nil, hi?): return "\(noun) of at most \(bound(hi))"
            default: return noun
            }
        case .boolean: return "true or false"
        case .text: return choices.isEmpty ? "text" : "one of " + choices.joined(separator: ", ")
        }
    }

    /// A refusal of this setting's value, naming the setting and its plugin.
    public func refusal(_ error: Error, plugin: String, hint: KithHint? = nil) -> KithError {
        let reason = (error as? KithError)?.reason ?? "\(error)"
        return KithError(.invalidInput, "setting '\(key)' of plugin '\(plugin)' \(reason)", hint: hint)
    }

    private func inBounds(_ x: Double) -> Bool { (min.map { x >= $0 } ?? true) && (max.map { x <= $0 } ?? true) }

    private func outOfRange(_ value: Value) -> KithError {
        KithError.invalid(key, "must be \(accepts), got \(quoted(value.description))")
    }
}

extension KithStore {
    /// A plugin's setting as it stands: the value set, else the default; an error when what is
    /// kept no longer fits the declaration.
    public func pluginSetting(_ setting: PluginSetting, of plugin: String) throws -> PluginSetting.Value {
        let json = try pluginValue(owner: plugin, key: setting.key)
        do { return try setting.value(stored: json) } catch {
            throw setting.refusal(error, plugin: plugin, hint: .setPluginSetting(plugin: plugin, key: setting.key))
        }
    }

    /// Sets a plugin's setting from what a person typed, checked against its declaration first:
    /// a value it does not accept is refused and nothing is kept.
    @discardableResult
    public func setPluginSetting(_ setting: PluginSetting, of plugin: String, typed: String) throws
        -> PluginSetting.Value
    {
        let value: PluginSetting.Value
        do { value = try setting.parse(typed) } catch { throw setting.refusal(error, plugin: plugin) }
        try setPluginValue(owner: plugin, key: setting.key, json: value.json)
        return value
    }
}
