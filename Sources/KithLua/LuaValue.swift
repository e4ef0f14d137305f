import CKithLua
import CLua
import Foundation
import KithCore

/// A JSON-compatible value crossing between Lua and Kith (`kith.json`, `kith.store`).
public enum LuaValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([LuaValue])
    case object([String: LuaValue])
}

extension LuaValue {
    /// A string, number or boolean as text (report parameters, scoring settings); nil otherwise.
    var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .double(let x): return String(x)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

extension LuaCall {
    /// Converts the value at `index`: tables with keys 1..n become arrays, tables with
    /// string keys objects. Deep or cyclic tables stop at the depth cap with a clear error,
    /// and the copy counts against the state's memory limit as it is made: a table holding
    /// the same large string many times is refused before Swift copies it many times.
    func value(_ index: Int32, field: String) throws -> LuaValue {
        var budget = state.copyBudgetCounter
        return try value(index, field: field, depth: 0, budget: &budget)
    }

    /// The same, spending from `budget`: a caller that builds more from the copy (JSON text)
    /// goes on spending from what is left.
    func value(_ index: Int32, field: String, budget: inout CopyBudget) throws -> LuaValue {
        try value(index, field: field, depth: 0, budget: &budget)
    }

    private func value(_ index: Int32, field: String, depth: Int, budget: inout CopyBudget) throws -> LuaValue {
        let index = lua_absindex(L, index)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .null
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            var ok: Int32 = 0
            if lua_isinteger(L, index) != 0 { return .int(Int64(ckith_tointeger(L, index, &ok))) }
            let x = ckith_tonumber(L, index, &ok)
            guard x.isFinite else { throw KithError.invalid(field, "contains \(x), which JSON cannot hold") }
            return .double(x)
        case LUA_TSTRING:
            var length = 0
            _ = ckith_rawstring(L, index, &length)
            try budget.spend(length + 32, field: field)
            return .string(try string(index, field: field))
        case LUA_TTABLE: return try tableValue(index, field: field, depth: depth, budget: &budget)
        default:
            throw KithError.invalid(
                field,
                "contains a \(typeName(index)), which cannot be stored; use strings, numbers, booleans and tables")
        }
    }

    private func tableValue(_ index: Int32, field: String, depth: Int, budget: inout CopyBudget) throws -> LuaValue {
        guard depth < state.limits.maxTableDepth else {
            throw KithError.invalid(
                field, "is nested more than \(state.limits.maxTableDepth) levels deep (or refers to itself)")
        }
        guard lua_checkstack(L, 4) != 0 else { throw KithError.invalid(field, "is nested too deeply") }
        var array: [LuaValue] = []
        var object: [String: LuaValue] = [:]
        var count = 0
        lua_pushnil(L)
        while lua_next(L, index) != 0 {  // [.., key, value]
            count += 1
            if count > state.limits.maxTableEntries {
                throw KithError.invalid(field, "has more than \(state.limits.maxTableEntries) entries")
            }
            try budget.spend(48, field: field)
            let item = try value(-1, field: field, depth: depth + 1, budget: &budget)
            ckith_pop(L, 1)  // [.., key]
            if lua_type(L, -1) == LUA_TSTRING {
                object[try string(-1, field: field)] = item
            } else if lua_isinteger(L, -1) != 0 {
                var ok: Int32 = 0
                let k = ckith_tointeger(L, -1, &ok)
                guard k >= 1 else { throw KithError.invalid(field, "has the key \(k); lists start at 1") }
                // A list has keys 1..n, and n is at most the entry limit: a larger key is a hole,
                // refused before any room is made for it.
                guard k <= state.limits.maxTableEntries else {
                    throw KithError.invalid(
                        field,
                        "is a list with holes (key \(k) in a table of at most \(state.limits.maxTableEntries) entries); JSON lists cannot have them"
                    )
                }
                let position = Int(k)
                if array.count < position {
                    array.append(contentsOf: repeatElement(.null, count: position - array.count))
                }
                array[position - 1] = item
            } else {
                throw KithError.invalid(field, "has a \(typeName(-1)) key; keys must be strings or list positions")
            }
        }
        if !array.isEmpty && !object.isEmpty {
            throw KithError.invalid(field, "mixes list items and named fields; JSON needs one or the other")
        }
        if array.count > count {
            throw KithError.invalid(field, "is a list with holes (nil items); JSON lists cannot have them")
        }
        return object.isEmpty ? .array(array) : .object(object)
    }

    /// Pushes a value as Lua (null as nil).
    func push(_ value: LuaValue) {
        switch value {
        case .null: pushNil()
        case .bool(let b): push(b)
        case .int(let n): push(n)
        case .double(let x): push(x)
        case .string(let s): push(s)
        case .array(let items): pushArray(items) { push($0) }
        case .object(let fields):
            newTable(fields: fields.count)
            for (k, v) in fields where v != .null { set(k) { push(v) } }
        }
    }
}

/// What a copy out of Lua may still use: the state's memory limit less what it holds.
struct CopyBudget {
    var bytes: Int
    let limitMiB: Int

    mutating func spend(_ n: Int, field: String) throws {
        bytes -= n
        if bytes < 0 {
            throw KithError.invalid(field, "is too large to copy within the memory limit of \(limitMiB) MiB")
        }
    }
}

/// JSON text for `LuaValue`s: sorted keys, so the same table always gives the same text.
public enum LuaJSON {
    /// JSON text with sorted keys.
    public static func encode(_ value: LuaValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// JSON text, refused once it uses up `budget` (escapes make text up to six times its
    /// input: the output counts against the caller's memory limit too).
    static func encode(_ value: LuaValue, budget: inout CopyBudget, field: String) throws -> String {
        var out = ""
        try write(value, to: &out, budget: &budget, field: field)
        return out
    }

    private static func write(_ value: LuaValue, to out: inout String, budget: inout CopyBudget, field: String) throws {
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

    private static func write(_ value: LuaValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .double(let x): out += x.rounded() == x && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)"
        case .string(let s): writeString(s, to: &out)
        case .array, .object:
            var unlimited = CopyBudget(bytes: .max, limitMiB: 0)
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
    static func decode(_ text: String, field: String, maxDepth: Int = 32, budget: CopyBudget) throws -> LuaValue {
        try LuaJSONParser.parse(text, field: field, maxDepth: maxDepth, budget: budget)
    }
}
