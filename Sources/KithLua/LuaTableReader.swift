import CKithLua
import CLua
import KithCore

/// Reads the named fields of a table argument with raw access (no metamethods run).
/// An absent table (index 0) reads as all-nil, for optional option tables.
struct LuaTableReader {
    let call: LuaCall
    let index: Int32
    let prefix: String

    private var L: OpaquePointer { call.L }

    /// Fails on a key that is not a string in `allowed`, naming it: typos never pass silently.
    func checkKeys(_ allowed: Set<String>) throws {
        guard index != 0 else { return }
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            ckith_pop(L, 1)  // [.., key]
            let key = lua_type(L, -1) == LUA_TSTRING ? try call.stringValue(-1, field: prefix) : nil
            guard let key, allowed.contains(key) else {
                let shown = key.map { "'\($0)'" } ?? "[\(call.describe(-1))]"
                let known = allowed.sorted().joined(separator: ", ")
                throw KithError(.invalidInput, "unknown field \(shown); known fields: \(known)")
            }
        }
    }

    /// Pushes `t[key]`, runs `body` on it if not nil, and pops it.
    func field<T>(_ key: String, _ body: (Int32) throws -> T) throws -> T? {
        guard index != 0 else { return nil }
        call.push(key)
        lua_rawget(L, index)
        defer { ckith_pop(L, 1) }
        if lua_type(L, -1) == LUA_TNIL { return nil }
        return try body(lua_gettop(L))
    }

    func has(_ key: String) -> Bool {
        guard index != 0 else { return false }
        call.push(key)
        lua_rawget(L, index)
        defer { ckith_pop(L, 1) }
        return lua_type(L, -1) != LUA_TNIL
    }

    /// True when `t[key]` is `false`: how an update clears an optional field (nil means "not given").
    func isFalse(_ key: String) throws -> Bool {
        try field(key) { index in lua_type(L, index) == LUA_TBOOLEAN && lua_toboolean(L, index) == 0 } ?? false
    }

    func string(_ key: String) throws -> String? { try field(key) { try call.string($0, field: key) } }
    func integer(_ key: String) throws -> Int? { try field(key) { try call.integer($0, field: key) } }
    func number(_ key: String) throws -> Double? { try field(key) { try call.number($0, field: key) } }
    func boolean(_ key: String) throws -> Bool? { try field(key) { try call.boolean($0, field: key) } }
    func person(_ key: String) throws -> PersonReference? {
        try field(key) { try call.personReference($0, field: key) }
    }

    /// A period's end as plugins write it (a date, a day word, `now`, a time): typed here, at
    /// the bridge's border, so nothing inside parses it again.
    func timeBound(_ key: String, clock: KithClock) throws -> TimeBound? {
        try string(key).map { try TimeBound(parsing: $0, field: key, clock: clock) }
    }

    /// A moment as plugins write it (`now`, a date's first moment, a time, an instant).
    func instant(_ key: String, clock: KithClock) throws -> Instant? {
        try string(key).map { try Instant(parsing: $0, field: key, clock: clock) }
    }

    func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw KithError.invalid(key, "is required") }
        return s
    }

    /// An integer that must lie in `range`; the message states the range.
    func integer(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        try field(key) { index in
            guard lua_type(L, index) == LUA_TNUMBER, let n = try? call.integer(index, field: key), range.contains(n)
            else {
                throw KithError.invalid(
                    key,
                    "must be an integer from \(range.lowerBound) to \(range.upperBound), got \(call.describe(index))")
            }
            return n
        }
    }

    /// An array of strings.
    func strings(_ key: String) throws -> [String]? {
        try field(key) { index in
            guard lua_type(L, index) == LUA_TTABLE else {
                throw KithError.invalid(
                    key, "must be a list of strings like {\"a\", \"b\"}, got \(call.typeName(index))")
            }
            let count = Int(lua_rawlen(L, index))
            guard count <= call.state.limits.maxTableEntries else {
                throw KithError.invalid(
                    key, "has \(count) items; at most \(call.state.limits.maxTableEntries) are accepted")
            }
            var result: [String] = []
            result.reserveCapacity(count)
            // Each copy counts against the memory limit, so one large string listed many
            // times is refused before Swift copies it many times.
            var budget = CopyBudget(bytes: call.state.copyBudget, limitMiB: call.state.limits.memoryBytes >> 20)
            for i in stride(from: 1, through: count, by: 1) {
                lua_rawgeti(L, index, lua_Integer(i))
                defer { ckith_pop(L, 1) }
                var length = 0
                _ = ckith_rawstring(L, -1, &length)
                try budget.spend(length + 32, field: key)
                guard let s = try call.stringValue(-1, field: key) else {
                    throw KithError.invalid(key, "must be a list of strings; item \(i) is \(call.typeName(-1))")
                }
                result.append(s)
            }
            return result
        }
    }

    /// An array of dimensions.
    func dimensions(_ key: String) throws -> [SupportDimension]? {
        try strings(key).map { try Vocabulary.dimensions($0, field: key) }
    }

    /// A closed-vocabulary value.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
        try string(key).map { try Vocabulary.parse($0, as: type, field: key) }
    }
}
