import CKithLua
import CLua
import Foundation
import KithCore

/// Lua tables cross the bridge as JSON values (KithCore's `JSONValue`): the names the bridge's
/// code has always used.
public typealias LuaValue = JSONValue
typealias CopyBudget = JSONBudget
public typealias LuaJSON = JSONText

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
