import Foundation

/// One field of a record as sync keeps it: its value, the stamp that wrote it, and the stamp of
/// the value it replaced where it was written (to tell an edit that saw the other from one made
/// at the same time).
public struct SyncField: Equatable, Sendable {
    public var stamp: SyncStamp
    public var value: JSONValue
    public var base: SyncStamp?

    public init(stamp: SyncStamp, value: JSONValue, base: SyncStamp? = nil) {
        self.stamp = stamp
        self.value = value
        self.base = base
    }
}

/// A record's fields that changed (or, in a snapshot, all of them), by global key: the JSON
/// array of its key as it travels (`["9f3c..."]` for a record with a global id). The field `_`
/// says whether the record exists (1) or was deleted (0).
public struct SyncRecord: Equatable, Sendable {
    public let table: String
    public let key: String
    public var fields: [String: SyncField]

    public init(table: String, key: String, fields: [String: SyncField]) {
        self.table = table
        self.key = key
        self.fields = fields
    }

    static let exists = "_"

    var isAlive: Bool { fields[Self.exists]?.value == .int(1) }
}

/// The stored form of a record's fields: `{"column": ["stamp", value, "base" or null]}`.
enum SyncFieldsText {
    static func encode(_ fields: [String: SyncField]) -> String {
        JSONText.encode(
            .object(
                fields.mapValues { f in
                    .array([.string(f.stamp.description), f.value, f.base.map { .string($0.description) } ?? .null])
                }))
    }

    static func decode(_ text: String) throws -> [String: SyncField] {
        guard case .object(let object) = try JSONParser.parse(text, field: "sync fields", maxDepth: 4, budget: budget)
        else { throw damaged }
        var fields: [String: SyncField] = [:]
        for (column, item) in object {
            guard case .array(let parts) = item, parts.count == 3, case .string(let s) = parts[0],
                let stamp = SyncStamp(text: s)
            else { throw damaged }
            var base: SyncStamp?
            if case .string(let b) = parts[2] { base = SyncStamp(text: b) }
            fields[column] = SyncField(stamp: stamp, value: parts[1], base: base)
        }
        return fields
    }

    /// A record's text is at most what SQLite holds in one row: generous, never unbounded.
    static var budget: JSONBudget { JSONBudget(bytes: 256 << 20, limitMiB: 256) }
    static let damaged = KithError(.storage, "A sync record in the store is damaged; nothing was changed")
}

/// A row's other columns as they travel, from SQLite's json_object text.
enum SyncBody {
    static func decode(_ text: String) throws -> [String: JSONValue] {
        guard
            case .object(let object) = try JSONParser.parse(
                text, field: "a row", maxDepth: 4, budget: SyncFieldsText.budget)
        else { throw SyncFieldsText.damaged }
        return object
    }
}
