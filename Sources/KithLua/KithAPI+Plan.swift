import CLua
import KithCore

extension KithAPI {
    /// `kith.plan.get()` and `kith.plan.update(steps)`: the safety plan, behind its own
    /// permissions (plan.read, plan.write). A step is a list of items; an item is text or
    /// `{ text =, person = }`.
    static func installPlan(_ b: APIBuilder) {
        let store = b.state.store
        b.table("plan") {
            b.function("get") { c in
                let plan = try store.safetyPlan()
                c.newTable(fields: SafetyPlan.Section.allCases.count + 1)
                for section in SafetyPlan.Section.allCases {
                    c.set(section.rawValue) {
                        c.pushArray(plan.items[section] ?? []) { item in
                            c.newTable(fields: 3)
                            c.set("text", item.text)
                            c.set("person_id", item.person?.id)
                            c.set("person", item.person?.name)
                        }
                    }
                }
                c.set("updated_at", try store.safetyPlanUpdatedAt())
                return 1
            }
            // A clinic's crisis line, shown wherever the person has set none of their own.
            b.function("default_crisis_line") { c in
                let t = try c.table(1, field: "line", allowed: ["name", "phone", "note", "source"])
                let line = CrisisLine(
                    name: try t.requiredString("name"), phone: try t.requiredString("phone"),
                    note: try t.string("note"), source: try t.string("source"))
                guard !line.name.trimmingCharacters(in: .whitespaces).isEmpty, !line.dial.isEmpty else {
                    throw KithError.invalid("line", "needs a name and a phone number to call")
                }
                try store.catalog.define(
                    defaultCrisisLine: line, plugin: c.state.identity.pluginID ?? c.state.identity.name)
                return 0
            }
            b.function("update") { c in
                let sections = Set(SafetyPlan.Section.allCases.map(\.rawValue))
                let t = try c.table(1, field: "plan", allowed: sections)
                var steps: [(SafetyPlan.Section, String, PersonReference?)] = []
                for section in SafetyPlan.Section.allCases {
                    guard
                        case .array(let items)? = try t.field(
                            section.rawValue, { try c.value($0, field: section.rawValue) })
                    else {
                        if t.has(section.rawValue) {
                            throw KithError.invalid(section.rawValue, "must be a list of items")
                        }
                        continue
                    }
                    for (n, item) in items.enumerated() {
                        switch item {
                        case .string(let text): steps.append((section, text, nil))
                        case .object(let f):
                            let text: String
                            switch f["text"] {
                            case .string(let s)?: text = s;
                            case nil: text = "";
                            default: throw KithError.invalid("\(section.rawValue)[\(n + 1)].text", "must be a string")
                            }
                            var person: PersonReference?
                            switch f["person"] {
                            case .int(let id)?: person = .id(id)
                            case .string(let name)?: person = .name(name)
                            case nil: person = nil
                            default:
                                throw KithError.invalid(
                                    "\(section.rawValue)[\(n + 1)].person", "must be a person's id or exact name")
                            }
                            if let extra = f.keys.first(where: { $0 != "text" && $0 != "person" }) {
                                throw KithError.invalid(
                                    "\(section.rawValue)[\(n + 1)]",
                                    "has an unknown field '\(extra)'; items have text and person")
                            }
                            steps.append((section, text, person))
                        default:
                            throw KithError.invalid(
                                "\(section.rawValue)[\(n + 1)]", "must be text or { text =, person = }")
                        }
                    }
                }
                // Steps not named keep what they had: an update changes only the steps it gives.
                let current = try store.safetyPlan()
                var merged: [(SafetyPlan.Section, String, PersonReference?)] = []
                for section in SafetyPlan.Section.allCases {
                    if t.has(section.rawValue) {
                        merged += steps.filter { $0.0 == section }
                    } else {
                        merged += (current.items[section] ?? []).map {
                            (section, $0.text, $0.person.map { .id($0.id) })
                        }
                    }
                }
                try store.replaceSafetyPlan(merged)
                return 0
            }
        }
    }
}
