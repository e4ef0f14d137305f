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

extension LuaCall {
    /// Converts the value at `index`: tables with keys 1..n become arrays, tables with
    /// string keys objects. Deep or cyclic tables stop at the depth cap with a clear error.
    func value(_ index: Int32, field: String, depth: Int = 0) throws -> LuaValue {
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
        case LUA_TSTRING: return .string(try string(index, field: field))
        case LUA_TTABLE: return try tableValue(index, field: field, depth: depth)
        default:
            throw KithError.invalid(field, "contains a \(typeName(index)), which cannot be stored; use strings, numbers, booleans and tables")
        }
    }

    private func tableValue(_ index: Int32, field: String, depth: Int) throws -> LuaValue {
        guard depth < state.limits.maxTableDepth else {
            throw KithError.invalid(field, "is nested more than \(state.limits.maxTableDepth) levels deep (or refers to itself)")
        }
        guard lua_checkstack(L, 4) != 0 else { throw KithError.invalid(field, "is nested too deeply") }
        var array: [LuaValue] = []
        var object: [String: LuaValue] = [:]
        var count = 0
        lua_pushnil(L)
        while lua_next(L, index) != 0 {                     // [.., key, value]
            count += 1
            if count > state.limits.maxTableEntries {
                throw KithError.invalid(field, "has more than \(state.limits.maxTableEntries) entries")
            }
            let item = try value(-1, field: field, depth: depth + 1)
            ckith_pop(L, 1)                                 // [.., key]
            if lua_type(L, -1) == LUA_TSTRING {
                object[try string(-1, field: field)] = item
            } else if lua_isinteger(L, -1) != 0 {
                var ok: Int32 = 0
                let k = Int(ckith_tointeger(L, -1, &ok))
                guard k >= 1 else { throw KithError.invalid(field, "has the key \(k); lists start at 1") }
                if array.count < k { array.append(contentsOf: repeatElement(.null, count: k - array.count)) }
                array[k - 1] = item
            } else {
                throw KithError.invalid(field, "has a \(typeName(-1)) key; keys must be strings or list positions")
            }
        }
        if !array.isEmpty && !object.isEmpty {
            throw KithError.invalid(field, "mixes list items and named fields; JSON needs one or the other")
        }
        if array.count > count { throw KithError.invalid(field, "is a list with holes (nil items); JSON lists cannot have them") }
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

/// JSON text for `LuaValue`s: sorted keys, so the same table always gives the same text.
public enum LuaJSON {
    /// JSON text with sorted keys.
    public static func encode(_ value: LuaValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: LuaValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .double(let x): out += x.rounded() == x && abs(x) < 1e15 ? String(format: "%.1f", x) : "\(x)"
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(fields[key]!, to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    static func decode(_ text: String, field: String) throws -> LuaValue {
        do {
            return try JSONDecoder().decode(DecodableValue.self, from: Data(text.utf8)).value
        } catch {
            let detail = (error as? DecodingError).map { e -> String in
                if case .dataCorrupted(let c) = e {
                    return ((c.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String) ?? c.debugDescription
                }
                return "\(e)"
            } ?? "\(error)"
            throw KithError.invalid(field, "is not valid JSON: \(detail)")
        }
    }

    private struct DecodableValue: Decodable {
        let value: LuaValue
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { value = .null }
            else if let b = try? c.decode(Bool.self) { value = .bool(b) }
            else if let n = try? c.decode(Int64.self) { value = .int(n) }
            else if let x = try? c.decode(Double.self) { value = .double(x) }
            else if let s = try? c.decode(String.self) { value = .string(s) }
            else if let a = try? c.decode([DecodableValue].self) { value = .array(a.map(\.value)) }
            else { value = .object(try c.decode([String: DecodableValue].self).mapValues(\.value)) }
        }
    }
}
