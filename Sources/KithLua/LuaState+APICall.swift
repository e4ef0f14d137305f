import CLua
import KithCore

extension LuaState {
    /// Calls the API function `path` (`kith.people.list`) with `arguments` converted to Lua
    /// values, and returns its first result as a JSON value: how a front end outside Lua
    /// (JSON-RPC) reaches the same API, through the same gate and the same checks.
    /// `path` is one of Kith's own names, never text from a request.
    public func callAPI(_ path: String, arguments: [JSONValue]) throws -> JSONValue {
        guard path.hasPrefix("kith."), path.utf8.allSatisfy({ $0 == 0x2E || $0 == 0x5F || ($0 >= 0x61 && $0 <= 0x7A) })
        else { throw KithError.invalid("method", "names no API function") }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        lastHostError = nil
        // Through Lua, not lua_getfield on the proxy: a metamethod may only run protected.
        try load("return \(path)(...)", chunkName: "[\(path)]")
        let c = LuaCall(L: L, state: self, function: 0)
        guard lua_checkstack(L, Int32(arguments.count + 1)) != 0 else {
            throw KithError.invalid("params", "has too many arguments")
        }
        for argument in arguments { c.push(argument) }
        do {
            try protectedCall(arguments: Int32(arguments.count), results: 1)
        } catch let error as LuaError {
            // A host function's refusal, as the structured error it was, not its message.
            throw lastHostError ?? error
        }
        return try c.value(-1, field: "result")
    }
}
