import Foundation

/// A JSON value: what crosses every border of Kith as data (Lua tables, JSON-RPC messages,
/// stored plugin data). Built only by code that bounds its size and depth.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// A string, number or boolean as text (report parameters, scoring settings); nil otherwise.
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .double(let x): return String(x)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

/// What a copy may still use: a memory limit less what is already held (for Lua, the
/// state's limit; for a JSON-RPC message, its size cap).
public struct JSONBudget {
    public var bytes: Int
    public let limitMiB: Int

    public init(bytes: Int, limitMiB: Int) {
        self.bytes = bytes
        self.limitMiB = limitMiB
    }

    public mutating func spend(_ n: Int, field: String) throws {
        bytes -= n
        if bytes < 0 {
            throw KithError.invalid(field, "is too large to copy within the memory limit of \(limitMiB) MiB")
        }
    }
}

/// JSON text for `JSONValue`s: sorted keys, so the same table always gives the same text.
public enum JSONText {
    /// JSON text with sorted keys.
    public static func encode(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// JSON text, refused once it uses up `budget` (escapes make text up to six times its
    /// input: the output counts against the caller's memory limit too).
    public static func encode(_ value: JSONValue, budget: inout JSONBudget, field: String) throws -> String {
        var out = ""
        try write(value, to: &out, budget: &budget, field: field)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String, budget: inout JSONBudget, field: String) throws
    {
        switch value {
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                try write(item, to: &out, budget: &budget, field: field)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                try write(fields[key]!, to: &out, budget: &budget, field: field)
            }
            out += "}"
        case .string(let s):
            try budget.spend(escapedLength(s), field: field)
            writeString(s, to: &out)
        default:
            try budget.spend(32, field: field)
            write(value, to: &out)
        }
    }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .double(let x): out += x.rounded() == x && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)"
        case .string(let s): writeString(s, to: &out)
        case .array, .object:
            var unlimited = JSONBudget(bytes: .max, limitMiB: 0)
            try? write(value, to: &out, budget: &unlimited, field: "")
        }
    }

    /// The bytes `writeString` makes of `s`, counted before anything is built.
    static func escapedLength(_ s: String) -> Int {
        var n = 2
        for b in s.utf8 {
            switch b {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: n += 2
            case 0..<0x20: n += 6
            default: n += 1
            }
        }
        return n
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string, escaped byte by byte (UTF-8 above 0x7F is copied as it is).
    private static func writeString(_ s: String, to out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: bytes += [0x5C, 0x22]
            case 0x5C: bytes += [0x5C, 0x5C]
            case 0x0A: bytes += [0x5C, 0x6E]
            case 0x0D: bytes += [0x5C, 0x72]
            case 0x09: bytes += [0x5C, 0x74]
            case 0..<0x20: bytes += [0x5C, 0x75, 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]]
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Reads JSON text, nested at most `maxDepth` deep (the depth of tables passed to Kith);
    /// what it builds counts against `budget` bytes.
    public static func decode(_ text: String, field: String, maxDepth: Int = 32, budget: JSONBudget) throws -> JSONValue
    {
        try JSONParser.parse(text, field: field, maxDepth: maxDepth, budget: budget)
    }
}
