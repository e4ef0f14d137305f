import CLua
import KithCore

extension KithAPI {
    static func installNetwork(_ b: APIBuilder) {
        let store = b.state.store
        let plugin = b.state.identity.pluginID
        b.table("support_types") {
            b.function("define") { c in
                let t = try c.table(
                    1, field: "definition",
                    allowed: ["id", "name", "description", "dimensions", "default_cadence_days"])
                let type = SupportType(
                    id: try t.requiredString("id"), name: try t.requiredString("name"),
                    description: try t.string("description") ?? "", dimensions: try t.dimensions("dimensions") ?? [],
                    defaultCadenceDays: try t.integer("default_cadence_days", in: 1...3650), builtin: false,
                    plugin: plugin)
                try store.catalog.define(type)
                return 0
            }
            b.function("list") { c in
                c.pushArray(store.catalog.supportTypes) { c.push($0) }; return 1
            }
        }
        b.table("people") {
            let fields: Set<String> = [
                "name", "type", "kind", "provides", "circle", "cadence_days", "phone", "email", "notes", "crisis",
            ]
            b.function("add") { c in
                let t = try c.table(1, field: "person", allowed: fields)
                var p = NewPerson(name: try t.requiredString("name"), type: try t.requiredString("type"))
                p.kind = try t.choice("kind", PersonKind.self) ?? .person
                p.provides = try t.dimensions("provides")
                p.circle = try t.choice("circle", Circle.self)
                p.cadenceDays = try optionalCadence(t)
                p.phone = try t.string("phone")
                p.email = try t.string("email")
                p.notes = try t.string("notes")
                p.crisis = try t.boolean("crisis") ?? false
                c.push(try store.addPerson(p))
                return 1
            }
            b.function("get") { c in
                if let p = try store.person(try c.personReference(1, field: "person")) {
                    c.push(p)
                } else {
                    c.pushNil()
                }
                return 1
            }
            b.function("list") { c in
                let t = try c.table(
                    1, field: "filter", allowed: ["type", "circle", "provides", "archived"], optional: true)
                let filter = PeopleFilter(
                    type: try t.string("type"), circle: try t.choice("circle", Circle.self),
                    provides: try t.choice("provides", SupportDimension.self),
                    archived: try t.boolean("archived") ?? false)
                c.pushArray(try store.people(filter)) { c.push($0) }
                return 1
            }
            b.function("update") { c in
                let ref = try c.personReference(1, field: "person")
                let t = try c.table(2, field: "changes", allowed: fields.union(["archived"]))
                var changes = PersonChanges()
                changes.name = try t.string("name")
                changes.type = try t.string("type")
                changes.kind = try t.choice("kind", PersonKind.self)
                changes.provides = try t.dimensions("provides")
                changes.circle = try t.choice("circle", Circle.self)
                changes.cadenceDays = try optionalCadence(t)
                changes.phone = try clearable(t, "phone")
                changes.email = try clearable(t, "email")
                changes.notes = try clearable(t, "notes")
                changes.crisis = try t.boolean("crisis")
                changes.archived = try t.boolean("archived")
                c.push(try store.updatePerson(ref, changes))
                return 1
            }
            b.function("archive") { c in
                try store.archivePerson(try c.personReference(1, field: "person"))
                return 0
            }
        }
        b.table("interactions") {
            b.function("log") { c in
                let t = try c.table(
                    1, field: "interaction",
                    allowed: ["person", "at", "channel", "received", "gave", "helpfulness", "note"])
                guard let person = try t.person("person") else { throw KithError.invalid("person", "is required") }
                var i = NewInteraction(person: person, channel: try t.choice("channel", Channel.self) ?? .inPerson)
                i.at = try t.string("at")
                i.received = try t.dimensions("received") ?? []
                i.gave = try t.dimensions("gave") ?? []
                i.helpfulness = try t.integer("helpfulness", in: 1...5)
                i.note = try t.string("note")
                c.push(try store.logInteraction(i))
                return 1
            }
            b.function("list") { c in
                let t = try c.table(1, field: "filter", allowed: ["person", "since", "until", "limit"], optional: true)
                let filter = InteractionFilter(
                    person: try t.person("person"), since: try t.timeBound("since", clock: store.clock),
                    until: try t.timeBound("until", clock: store.clock), limit: try t.integer("limit"))
                c.pushArray(try store.interactions(filter)) { c.push($0) }
                return 1
            }
        }
    }

    /// `cadence_days`: absent means the type's default, `false` means none.
    private static func optionalCadence(_ t: LuaTableReader) throws -> Int?? {
        try t.field("cadence_days") { index -> Int? in
            if t.call.type(index) == LUA_TBOOLEAN {
                if try t.call.boolean(index, field: "cadence_days") == false { return nil }
            }
            let n = try t.call.integer(index, field: "cadence_days")
            guard (1...3650).contains(n) else {
                throw KithError.invalid(
                    "cadence_days", "must be a whole number of days from 1 to 3650 (or false for none), got \(n)")
            }
            return n
        }
    }

    /// An optional text field where `false` clears the stored value.
    private static func clearable(_ t: LuaTableReader, _ key: String) throws -> String?? {
        try t.field(key) { index -> String? in
            if t.call.type(index) == LUA_TBOOLEAN { if try t.call.boolean(index, field: key) == false { return nil } }
            return try t.call.string(index, field: key)
        }
    }
}
