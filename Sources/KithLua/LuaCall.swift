import CKithLua
import CLua
import KithCore

/// The arguments and results of one host-function call. Reads use only raw access and
/// calls that cannot raise, so no Lua error can start from Swift.
struct LuaCall {
    let L: OpaquePointer
    /// The state outlives every call into it; unowned(unsafe) keeps the hot path free of
    /// reference counting.
    unowned(unsafe) let state: LuaState
    /// The index of the running host function.
    let function: Int

    init(L: OpaquePointer, state: LuaState, function: Int) {
        self.L = L
        self.state = state
        self.function = function
    }

    /// The Lua name of the function (`kith.people.add`), prefixed to its errors.
    var name: String { state.functions[function].name }

    var argumentCount: Int32 { lua_gettop(L) }

    func type(_ index: Int32) -> Int32 { lua_type(L, index) }

    func isNil(_ index: Int32) -> Bool { ckith_isnoneornil(L, index) != 0 }

    /// Fails unless the running code may read everything in `reads` (a report it runs).
    func requireReads(_ reads: Set<Permission>, report: String) throws {
        for permission in reads.sorted() {
            if let refusal = state.refusal(permission, restriction: state.readsRestriction) {
                throw KithError(.invalidInput, "report '\(report)' reads '\(permission.rawValue)': \(refusal)")
            }
        }
    }

    // MARK: Reading values

    /// The string at `index`, if it is one (numbers are not converted), validated as UTF-8.
    func stringValue(_ index: Int32, field: String) throws -> String? {
        var length = 0
        guard let bytes = ckith_rawstring(L, index, &length) else { return nil }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: length)
        guard let s = String(validating: buffer.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw KithError.invalid(field, "must be valid UTF-8 text")
        }
        return s
    }

    func string(_ index: Int32, field: String) throws -> String {
        guard let s = try stringValue(index, field: field) else {
            throw KithError.invalid(field, "must be a string, got \(typeName(index))")
        }
        return s
    }

    func optionalString(_ index: Int32, field: String) throws -> String? {
        isNil(index) ? nil : try string(index, field: field)
    }

    /// A `YYYY-MM-DD` date as a day number, parsed from Lua's own bytes without copying.
    /// (A number argument is converted to text in its stack slot by lua_tolstring, and then
    /// fails as a date; the message below shows it.)
    func date(_ index: Int32, field: String) throws -> Int {
        var length = 0
        if let bytes = lua_tolstring(L, index, &length),
            let day = bytes.withMemoryRebound(
                to: UInt8.self, capacity: length,
                {
                    KithTime.dayNumber(utf8: UnsafeBufferPointer(start: $0, count: length))
                })
        {
            return day
        }
        if lua_type(L, index) != LUA_TSTRING {
            throw KithError.invalid(field, "must be a date string like 2026-03-01, got \(typeName(index))")
        }
        return try KithTime.parseDate(try string(index, field: field), field: field)
    }

    func integer(_ index: Int32, field: String) throws -> Int {
        guard lua_type(L, index) == LUA_TNUMBER else {
            throw KithError.invalid(field, "must be an integer, got \(typeName(index))")
        }
        var ok: Int32 = 0
        let n = ckith_tointeger(L, index, &ok)
        guard ok != 0 else { throw KithError.invalid(field, "must be an integer, got \(describe(index))") }
        return Int(n)
    }

    func optionalInteger(_ index: Int32, field: String) throws -> Int? {
        isNil(index) ? nil : try integer(index, field: field)
    }

    func number(_ index: Int32, field: String) throws -> Double {
        guard lua_type(L, index) == LUA_TNUMBER else {
            throw KithError.invalid(field, "must be a number, got \(typeName(index))")
        }
        var ok: Int32 = 0
        let x = ckith_tonumber(L, index, &ok)
        // NaN passes every range check by failing every comparison: no number Kith keeps is one.
        guard x.isFinite else {
            throw KithError.invalid(field, "must be a finite number, got \(x.isNaN ? "NaN" : String(x))")
        }
        return x
    }

    func boolean(_ index: Int32, field: String) throws -> Bool {
        guard lua_type(L, index) == LUA_TBOOLEAN else {
            throw KithError.invalid(field, "must be true or false, got \(typeName(index))")
        }
        return lua_toboolean(L, index) != 0
    }

    /// An id (integer) or an exact name (string).
    func personReference(_ index: Int32, field: String) throws -> PersonReference {
        if lua_type(L, index) == LUA_TNUMBER { return .id(Int64(try integer(index, field: field))) }
        if lua_type(L, index) == LUA_TSTRING { return .name(try string(index, field: field)) }
        throw KithError.invalid(field, "must be a person's id or exact name, got \(typeName(index))")
    }

    /// A table argument's fields, checked against `allowed` (an optional table: nil gives an empty reader).
    func table(_ index: Int32, field: String, allowed: Set<String>, optional: Bool = false) throws -> LuaTableReader {
        let absolute = lua_absindex(L, index)
        if optional && isNil(absolute) { return LuaTableReader(call: self, index: 0, prefix: field) }
        guard lua_type(L, absolute) == LUA_TTABLE else {
            throw KithError.invalid(field, "must be a table, got \(typeName(absolute))")
        }
        let reader = LuaTableReader(call: self, index: absolute, prefix: field)
        try reader.checkKeys(allowed)
        return reader
    }

    func typeName(_ index: Int32) -> String {
        String(cString: lua_typename(L, lua_type(L, index)))
    }

    /// A value's short description for messages: numbers and short strings as they are.
    func describe(_ index: Int32) -> String {
        switch lua_type(L, index) {
        case LUA_TNUMBER:
            var ok: Int32 = 0
            let n = ckith_tointeger(L, index, &ok)
            return ok != 0 ? String(n) : String(ckith_tonumber(L, index, &ok))
        case LUA_TSTRING:
            let s = (try? stringValue(index, field: "")) ?? nil ?? ""
            return "\"" + (s.count > 40 ? String(s.prefix(37)) + "..." : s) + "\""
        case LUA_TBOOLEAN: return lua_toboolean(L, index) != 0 ? "true" : "false"
        default: return typeName(index)
        }
    }

    // MARK: Pushing values

    func push(_ s: String) {
        var s = s
        s.withUTF8 { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
    }

    func push(_ n: Int) { lua_pushinteger(L, lua_Integer(n)) }
    func push(_ n: Int64) { lua_pushinteger(L, lua_Integer(n)) }
    func push(_ x: Double) { lua_pushnumber(L, x) }
    func push(_ b: Bool) { lua_pushboolean(L, b ? 1 : 0) }
    func pushNil() { lua_pushnil(L) }

    func newTable(array: Int = 0, fields: Int = 0) {
        lua_checkstack(L, 8)
        lua_createtable(L, Int32(array), Int32(fields))
    }

    /// Sets `table[key] = value` on the table on top, where `pushValue` pushes the value.
    func set(_ key: String, _ pushValue: () -> Void) {
        push(key)
        pushValue()
        lua_rawset(L, -3)
    }

    func set(_ key: String, _ value: String?) { if let value { set(key) { push(value) } } }
    func set(_ key: String, _ value: Int?) { if let value { set(key) { push(value) } } }
    func set(_ key: String, _ value: Int64?) { if let value { set(key) { push(value) } } }
    func set(_ key: String, _ value: Bool) { set(key) { push(value) } }

    /// Pushes an array of strings.
    func pushArray(_ items: [String]) {
        newTable(array: items.count)
        for (i, item) in items.enumerated() {
            push(item)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
    }

    /// Pushes an array, each element pushed by `pushItem`.
    func pushArray<T>(_ items: [T], _ pushItem: (T) -> Void) {
        lua_checkstack(L, 4)
        newTable(array: items.count)
        for (i, item) in items.enumerated() {
            pushItem(item)
            lua_rawseti(L, -2, lua_Integer(i + 1))
        }
    }
}
