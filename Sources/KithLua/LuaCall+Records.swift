import CLua
import KithCore

/// Kith's records as plain Lua tables (snapshots: changing them changes nothing stored).
extension LuaCall {
    func push(_ p: Person) {
        newTable(fields: 15)
        set("id", p.id)
        set("name", p.name)
        set("type", p.type)
        set("kind", p.kind.rawValue)
        set("provides") { pushArray(p.provides.map(\.rawValue)) }
        set("circle", p.circle.rawValue)
        set("cadence_days", p.cadenceDays)
        set("phone", p.phone)
        set("email", p.email)
        set("notes", p.notes)
        set("crisis", p.crisis)
        set("archived", p.archived)
        set("created_at", p.createdAt)
        set("last_interaction_at", p.lastInteractionAt)
    }

    func push(_ i: Interaction) {
        newTable(fields: 8)
        set("id", i.id)
        set("person_id", i.personId)
        set("at", i.at)
        set("channel", i.channel.rawValue)
        set("received") { pushArray(i.received.map(\.rawValue)) }
        set("gave") { pushArray(i.gave.map(\.rawValue)) }
        set("helpfulness", i.helpfulness)
        set("note", i.note)
    }

    func push(_ e: JournalEntry) {
        newTable(fields: 7)
        set("id", e.id)
        set("at", e.at)
        set("mood", e.mood)
        set("text", e.text)
        set("tags") { pushArray(e.tags) }
        set("metrics") {
            newTable(fields: e.metrics.count)
            for (id, value) in e.metrics { set(id) { push(value) } }
        }
        set("people") { pushArray(e.people) { push($0) } }
    }

    func push(_ value: MetricValue) {
        switch value {
        case .number(let x): push(x)
        case .integer(let n): push(n)
        case .boolean(let b): push(b)
        case .text(let s): push(s)
        }
    }

    func push(_ t: SupportType) {
        newTable(fields: 7)
        set("id", t.id)
        set("name", t.name)
        set("description", t.description)
        set("dimensions") { pushArray(t.dimensions.map(\.rawValue)) }
        set("default_cadence_days", t.defaultCadenceDays)
        set("builtin", t.builtin)
        set("plugin", t.plugin)
    }

    func push(_ m: MetricDefinition) {
        newTable(fields: 7)
        set("id", m.id)
        set("name", m.name)
        set("kind", m.kind.rawValue)
        if let min = m.min { set("min") { push(min) } }
        if let max = m.max { set("max") { push(max) } }
        set("builtin", m.builtin)
        set("plugin", m.plugin)
    }

    /// A metric value from Lua: numbers, booleans and strings.
    func metricValue(_ index: Int32, field: String) throws -> MetricValue {
        switch lua_type(L, index) {
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(try integer(index, field: field))) }
            return .number(try number(index, field: field))
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TSTRING: return .text(try string(index, field: field))
        default: throw KithError.invalid(field, "must be a number, a boolean or a string, got \(typeName(index))")
        }
    }
}
