import CLua
import KithCore

extension KithAPI {
    static func installJournal(_ b: APIBuilder) {
        let store = b.state.store
        let plugin = b.state.identity.pluginID
        b.table("metrics") {
            b.function("define") { c in
                let t = try c.table(1, field: "definition", allowed: ["id", "name", "kind", "min", "max"])
                let metric = MetricDefinition(
                    id: try t.requiredString("id"), name: try t.requiredString("name"),
                    kind: try t.choice("kind", MetricDefinition.Kind.self) ?? .number,
                    min: try t.number("min"), max: try t.number("max"), builtin: false, plugin: plugin)
                try store.catalog.define(metric)
                return 0
            }
            b.function("list") { c in
                c.pushArray(store.catalog.metrics) { c.push($0) }; return 1
            }
        }
        b.table("journal") {
            b.function("add") { c in
                let t = try c.table(1, field: "entry", allowed: ["at", "mood", "text", "tags", "metrics", "people"])
                var e = NewJournalEntry()
                e.at = try t.string("at")
                e.mood = try t.integer("mood", in: 1...5)
                e.text = try t.string("text") ?? ""
                e.tags = try t.strings("tags") ?? []
                e.metrics = try metrics(t) ?? [:]
                e.people = try people(t) ?? []
                c.push(try store.addJournalEntry(e))
                return 1
            }
            b.function("get") { c in
                if let e = try store.journalEntry(Int64(try c.integer(1, field: "id"))) {
                    c.push(e)
                } else {
                    c.pushNil()
                }
                return 1
            }
            b.function("update") { c in
                let id = Int64(try c.integer(1, field: "id"))
                let t = try c.table(2, field: "changes", allowed: ["at", "mood", "text", "tags", "metrics", "people"])
                var changes = JournalChanges()
                changes.at = try t.string("at")
                if t.has("mood") { changes.mood = .some(try t.integer("mood", in: 1...5)) }
                changes.text = try t.string("text")
                changes.tags = try t.strings("tags")
                changes.metrics = try metrics(t)
                changes.people = try people(t)
                c.push(try store.updateJournalEntry(id, changes))
                return 1
            }
            b.function("list") { c in
                c.pushArray(try store.journalEntries(try JournalStream.filter(c, allowLimit: true))) { c.push($0) }
                return 1
            }
            b.bootstrapped("each", slot: 1)
        }
    }

    private static func metrics(_ t: LuaTableReader) throws -> [String: MetricValue]? {
        try t.field("metrics") { index in
            guard t.call.type(index) == LUA_TTABLE else {
                throw KithError.invalid(
                    "metrics", "must be a table like { sleep_hours = 7.5 }, got \(t.call.typeName(index))")
            }
            var result: [String: MetricValue] = [:]
            lua_pushnil(t.call.L)
            while lua_next(t.call.L, index) != 0 {  // [.., key, value]
                guard let key = try t.call.stringValue(-2, field: "metrics") else {
                    throw KithError.invalid("metrics", "must have metric ids as keys, got \(t.call.typeName(-2))")
                }
                result[key] = try t.call.metricValue(-1, field: "metrics.\(key)")
                lua_settop(t.call.L, -2)  // [.., key]
            }
            return result
        }
    }

    private static func people(_ t: LuaTableReader) throws -> [PersonReference]? {
        try t.field("people") { index in
            guard t.call.type(index) == LUA_TTABLE else {
                throw KithError.invalid("people", "must be a list of ids or names, got \(t.call.typeName(index))")
            }
            let count = Int(lua_rawlen(t.call.L, index))
            var refs: [PersonReference] = []
            for i in stride(from: 1, through: count, by: 1) {
                lua_rawgeti(t.call.L, index, lua_Integer(i))
                defer { lua_settop(t.call.L, -2) }
                refs.append(try t.call.personReference(-1, field: "people"))
            }
            return refs
        }
    }
}

/// The host half of `kith.journal.each`: one page per call, oldest first, resuming after
/// the last entry it returned. The Lua half (LuaBootstrap) holds the cursor between pages.
enum JournalStream {
    static let pageSize = 256

    /// page(opts, after_at, after_id) -> entries, last_at, last_id, more
    static func page(_ c: LuaCall) throws -> Int32 {
        let filter = try filter(c, allowLimit: false)
        var cursor: JournalCursor?
        if !c.isNil(2) {
            cursor = JournalCursor(at: try c.string(2, field: "cursor"), id: Int64(try c.integer(3, field: "cursor")))
        }
        let entries = try c.state.store.journalPage(filter, after: cursor, size: pageSize)
        c.pushArray(entries) { c.push($0) }
        if let last = entries.last { c.push(last.at); c.push(last.id) } else { c.pushNil(); c.pushNil() }
        c.push(entries.count == pageSize)
        return 4
    }

    static func filter(_ c: LuaCall, allowLimit: Bool) throws -> JournalFilter {
        let keys: Set<String> = allowLimit ? ["since", "until", "tag", "limit"] : ["since", "until", "tag"]
        let t = try c.table(1, field: "filter", allowed: keys, optional: true)
        let clock = c.state.store.clock
        return JournalFilter(
            since: try t.timeBound("since", clock: clock), until: try t.timeBound("until", clock: clock),
            tag: try t.string("tag"),
            limit: allowLimit ? try t.integer("limit") : nil)
    }
}
