import CKithLua
import CLua
import Foundation
import KithCore

/// Builds the `kith` table (docs/lua-api.md section 4) in a state: plain tables made
/// read-only by proxies, functions reached through the C trampoline.
enum KithAPI {
    /// Installs `kith` as a global of `state`.
    static func install(in state: LuaState) throws {
        let b = APIBuilder(state: state)
        let base = lua_gettop(state.L)
        try b.loadBootstrap()
        b.call.newTable(fields: 24)  // [.., kith]
        b.call.set("api_version", KithInfo.apiVersion)
        b.call.set("version", KithInfo.version)
        b.call.set("store_path", state.store.path)
        if let (id, version, dir) = state.identity.plugin {
            b.call.set("plugin") {
                b.call.newTable(fields: 3)
                b.call.set("id", id)
                b.call.set("version", version)
                b.call.set("dir", dir)
                ckith_make_readonly(state.L)
            }
        }
        b.function("on") { c in try c.state.addHandler(c) }
        installClockAndData(b)
        installNetwork(b)
        installJournal(b)
        installSchedule(b)
        installReports(b)
        installImporters(b)
        installAssessments(b)
        installPlan(b)
        installStorage(b)
        ckith_make_readonly(state.L)  // [.., proxy]
        lua_rawgeti(state.L, ckith_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))  // [.., proxy, _G]
        b.call.push("kith")
        lua_pushvalue(state.L, -3)
        lua_rawset(state.L, -3)
        lua_settop(state.L, base)
    }

    private static func installClockAndData(_ b: APIBuilder) {
        let store = b.state.store
        b.function("now") { c in
            c.push(store.clock.nowText); return 1
        }
        b.function("today") { c in
            c.push(store.clock.todayText); return 1
        }
        b.table("date") {
            b.function("add") { c in
                let day = try c.date(1, field: "date")
                let days = try c.integer(2, field: "days")
                // Both bounded before adding: no day count from Lua can overflow.
                guard KithTime.supportedDays.contains(days), KithTime.supportedDays.contains(day + days) else {
                    throw KithError.invalid("days", "must keep the date within the years 1 to 9999, got \(days)")
                }
                c.push(KithTime.formatDate(day + days))
                return 1
            }
            b.function("diff") { c in
                c.push(try c.date(1, field: "a") - (try c.date(2, field: "b")))
                return 1
            }
            // The date a person reads for a stored instant: its day in their time zone.
            b.function("of") { c in
                let text = try c.string(1, field: "instant")
                let seconds = try KithTime.parseInstant(text, field: "instant", timeZone: store.clock.timeZone)
                c.push(KithTime.formatDate(KithTime.localDay(of: seconds, timeZone: store.clock.timeZone)))
                return 1
            }
            b.function("weekday") { c in
                c.push(KithTime.weekday(try c.date(1, field: "date")))
                return 1
            }
            installWeekStart(b)
        }
        b.table("log") {
            for (name, level) in [("info", "info"), ("warn", "warning")] {
                b.function(name) { c in
                    var budget = c.state.copyBudgetCounter
                    let message = try c.value(1, field: "message", budget: &budget)
                    let text: String
                    if case .string(let s) = message {
                        text = s
                    } else {
                        text = try LuaJSON.encode(message, budget: &budget, field: "message")
                    }
                    c.state.log("[\(c.state.identity.name)] \(level): \(text)")
                    return 0
                }
            }
        }
        b.table("json") {
            b.function("encode") { c in
                var budget = c.state.copyBudgetCounter
                let value = try c.value(1, field: "value", budget: &budget)
                c.push(try LuaJSON.encode(value, budget: &budget, field: "value"))
                return 1
            }
            b.function("decode") { c in
                let text = try c.string(1, field: "text")
                c.push(try LuaJSON.decode(text, field: "text", budget: c.state.copyBudgetCounter))
                return 1
            }
        }
    }

    private static func installStorage(_ b: APIBuilder) {
        let store = b.state.store
        let owner = b.state.identity.storeOwner
        b.table("store") {
            b.function("get") { c in
                try StoredDataGate.check(c.state.identity, store: store)
                guard let json = try store.pluginValue(owner: owner, key: try c.string(1, field: "key")) else {
                    c.pushNil(); return 1
                }
                c.push(try LuaJSON.decode(json, field: "value", budget: c.state.copyBudgetCounter))
                return 1
            }
            b.function("set") { c in
                let key = try c.string(1, field: "key")
                try StoredDataGate.check(c.state.identity, store: store)
                var budget = c.state.copyBudgetCounter
                let value = try c.value(2, field: "value", budget: &budget)
                try StoredDataGate.record(c.state.identity, store: store)
                try store.setPluginValue(
                    owner: owner, key: key,
                    json: value == .null ? nil : LuaJSON.encode(value, budget: &budget, field: "value"))
                return 0
            }
        }
        b.table("settings") {
            b.function("get") { c in
                let key = try c.string(1, field: "key")
                guard let setting = c.state.settings.first(where: { $0.key == key }) else {
                    let declared = c.state.settings.map(\.key).joined(separator: ", ")
                    throw KithError.invalid(
                        "key",
                        c.state.settings.isEmpty
                            ? "names no setting: this code declares none (a plugin declares them in plugin.toml)"
                            : "names no declared setting: \"\(key)\"; declared: \(declared)")
                }
                // Stored data: the same gate as kith.store, so a setting is no way round it.
                try StoredDataGate.check(c.state.identity, store: store)
                let value = try store.pluginSetting(setting, of: owner)
                switch value {
                case .integer(let n): c.push(n)
                case .number(let x): c.push(x)
                case .boolean(let b): c.push(b)
                case .text(let t): c.push(t)
                }
                return 1
            }
        }
        b.table("files") {
            b.function("read") { c in
                c.push(try c.state.files.read(try c.string(1, field: "path"), budget: c.state.copyBudget / 2))
                return 1
            }
            b.function("write") { c in
                if let note = try c.state.files.write(try c.string(1, field: "path"), try c.string(2, field: "text")) {
                    c.state.log("[\(c.state.identity.name)] dry run: \(note)")
                }
                return 0
            }
            b.bootstrapped("lines", slot: 2)
        }
    }
}

/// Helpers for building nested API tables on the stack.
final class APIBuilder {
    let state: LuaState
    let call: LuaCall
    /// The qualified name of the table being filled, with a trailing dot: "kith.journal.".
    /// Kept as one string because every state registers ~100 functions at start-up.
    private var prefix = "kith."
    private var bootstrapBase: Int32 = 0

    init(state: LuaState) {
        self.state = state
        call = LuaCall(L: state.L, state: state, function: 0)
    }

    /// Adds a function to the table on top.
    func function(_ name: String, _ body: @escaping (LuaCall) throws -> Int32) {
        let index = state.register(prefix + name, body)
        call.push(name)
        ckith_push_host_function(state.L, index, 0)
        lua_rawset(state.L, -3)
    }

    /// Adds a read-only sub-table to the table on top.
    func table(_ name: String, _ body: () -> Void) {
        let outer = prefix
        prefix += name + "."
        call.push(name)
        call.newTable(fields: 8)
        body()
        ckith_make_readonly(state.L)
        lua_rawset(state.L, -3)
        prefix = outer
    }

    /// Runs the Lua half of the API (iterators) once; its functions stay on the stack.
    func loadBootstrap() throws {
        try state.load(LuaBootstrap.source, chunkName: "[kith]")
        let page = state.register("kith.journal.each", JournalStream.page)
        ckith_push_host_function(state.L, page, 0)
        let lines = state.register(
            "kith.files.lines",
            { c in
                c.pushArray(try c.state.files.lines(try c.string(1, field: "path"), budget: c.state.copyBudget / 2))
                return 1
            })
        ckith_push_host_function(state.L, lines, 0)
        try state.protectedCall(arguments: 2, results: 2)  // [.., each, lines]
        bootstrapBase = lua_gettop(state.L) - 2
    }

    /// Adds a function the bootstrap chunk returned (slot 1: journal.each, 2: files.lines).
    func bootstrapped(_ name: String, slot: Int32) {
        call.push(name)
        lua_pushvalue(state.L, bootstrapBase + slot)
        lua_rawset(state.L, -3)
    }
}
