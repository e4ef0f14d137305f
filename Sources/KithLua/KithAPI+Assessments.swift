import CLua
import KithCore

extension KithAPI {
    static func installAssessments(_ b: APIBuilder) {
        let store = b.state.store
        b.table("assessments") {
            installScoring(b)
            b.function("define") { c in
                let t = try c.table(
                    1, field: "definition",
                    allowed: [
                        "id", "title", "version", "choices", "items", "score", "codes",
                        "instructions", "about", "change", "bands",
                    ])
                let id = try t.requiredString("id")
                try c.state.requireFunction(
                    t, field: "score",
                    purpose: "a function(answers) returning { total =, band =, flags =, subscales = }")
                let choices =
                    try t.field("choices") { try Self.choices(c.value($0, field: "choices"), field: "choices") } ?? []
                let items =
                    try t.field("items") { index -> [AssessmentDefinition.Item] in
                        guard case .array(let list) = try c.value(index, field: "items") else {
                            throw KithError.invalid("items", "must be a list")
                        }
                        return try list.enumerated().map { n, v in
                            guard case .object(let f) = v, case .string(let itemID)? = f["id"],
                                case .string(let text)? = f["text"]
                            else {
                                throw KithError.invalid("items", "item \(n + 1) needs a string id and text")
                            }
                            let known: Set<String> = ["id", "text", "choices", "code", "optional", "observed"]
                            if let extra = f.keys.sorted().first(where: { !known.contains($0) }) {
                                throw KithError.invalid(
                                    "items",
                                    "item \(n + 1) has an unknown field '\(extra)'; items have \(known.sorted().joined(separator: ", "))"
                                )
                            }
                            func flag(_ key: String) throws -> Bool {
                                switch f[key] {
                                case nil, .null?: return false
                                case .bool(let b)?: return b
                                default:
                                    throw KithError.invalid("items", "item \(n + 1): '\(key)' must be true or false")
                                }
                            }
                            var code: String?
                            if case .string(let s)? = f["code"] { code = s }
                            return AssessmentDefinition.Item(
                                id: itemID, text: text,
                                choices: try f["choices"].map {
                                    try Self.choices($0, field: "items[\(n + 1)].choices")
                                },
                                code: code, optional: try flag("optional"), observed: try flag("observed"))
                        }
                    } ?? []
                let codes = try t.field("codes") { index -> AssessmentDefinition.Codes in
                    let f = try c.table(index, field: "codes", allowed: ["system", "panel", "total", "display"])
                    return AssessmentDefinition.Codes(
                        system: try f.requiredString("system"), panel: try f.string("panel"),
                        total: try f.requiredString("total"), display: try f.string("display"))
                }
                var definition = AssessmentDefinition(
                    id: id, title: try t.requiredString("title"), version: try t.string("version") ?? "1",
                    choices: choices, items: items, plugin: c.state.identity.pluginID ?? c.state.identity.name,
                    pluginVersion: c.state.identity.pluginVersion
                ) { [weak state = c.state] answers in
                    guard let state else {
                        throw KithError(.notFound, "the code that defined assessment '\(id)' is no longer loaded")
                    }
                    return try state.runScore(id: id, answers: answers)
                }
                definition.codes = codes
                definition.instructions = try t.string("instructions")
                definition.about = try t.string("about")
                definition.bands =
                    try t.field("bands") { index -> [ChartBand] in
                        try ChartBand.list(lua: c.value(index, field: "bands")) { problem in
                            KithError.invalid("bands", problem)
                        }
                    } ?? []
                definition.change = try t.field("change") { index -> AssessmentDefinition.ChangeRules in
                    let f = try c.table(
                        index, field: "change",
                        allowed: [
                            "response", "remission_below", "significant", "reliable",
                            "reliability", "sd", "source",
                        ])
                    let reliability = try f.number("reliability"), sd = try f.number("sd")
                    guard (reliability == nil) == (sd == nil) else {
                        throw KithError.invalid(
                            "change", "needs both reliability and sd for a reliable change index, or neither")
                    }
                    let rci = try reliability.flatMap { r in
                        try sd.map { try ReliableChangeIndex(reliability: r, standardDeviation: $0) }
                    }
                    let rules = AssessmentDefinition.ChangeRules(
                        responseDrop: try f.number("response"), remissionBelow: try f.number("remission_below"),
                        significantPoints: try f.number("significant"), reliablePoints: try f.number("reliable"),
                        reliableChangeIndex: rci, source: try f.string("source"))
                    if let drop = rules.responseDrop, !(drop > 0 && drop <= 1) {
                        throw KithError.invalid("change.response", "must be a share from 0 to 1, like 0.5")
                    }
                    return rules
                }
                try store.catalog.define(definition)
                c.state.storeCallback(from: t, field: "score", as: "assessment:" + id)
                return 0
            }
            b.function("record") { c in
                let id = try c.string(1, field: "assessment")
                guard case .object(let fields) = try c.value(2, field: "answers") else {
                    throw KithError.invalid("answers", "must be a table like { [\"1\"] = 0, [\"2\"] = 3 }")
                }
                var answers: [String: Int] = [:]
                for (k, v) in fields {
                    guard case .int(let n) = v else {
                        throw KithError.invalid("answers", "item \(k): answers must be integers")
                    }
                    answers[k] = Int(n)
                }
                c.push(try store.recordAssessment(id, answers: answers, at: try c.optionalString(3, field: "at")))
                return 1
            }
            b.function("results") { c in
                let t = try c.table(1, field: "filter", allowed: ["assessment", "since", "until"], optional: true)
                c.pushArray(
                    try store.assessmentResults(
                        AssessmentFilter(
                            assessment: try t.string("assessment"), since: try t.timeBound("since", clock: store.clock),
                            until: try t.timeBound("until", clock: store.clock)))
                ) { c.push($0) }
                return 1
            }
        }
    }

    static func choices(_ value: LuaValue, field: String) throws -> [AssessmentDefinition.Choice] {
        guard case .array(let list) = value else {
            throw KithError.invalid(field, "must be a list of { value =, label = }")
        }
        return try list.enumerated().map { n, v in
            guard case .object(let f) = v, case .int(let value)? = f["value"], case .string(let label)? = f["label"],
                Int64(Int32.min)...Int64(Int32.max) ~= value
            else {
                throw KithError.invalid(field, "choice \(n + 1) needs an integer value and a label")
            }
            var code: String?
            if case .string(let s)? = f["code"] { code = s }
            return AssessmentDefinition.Choice(value: Int(value), label: label, code: code)
        }
    }
}

extension LuaState {
    /// Calls an assessment's score(answers) and reads back { total, band, flags, subscales }.
    func runScore(id: String, answers: [String: Int]) throws -> AssessmentScore {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushCallback(named: "assessment:" + id)  // [list, score]
        let c = LuaCall(L: L, state: self, function: 0)
        c.newTable(fields: answers.count)
        for (k, v) in answers.sorted(by: { $0.key < $1.key }) { c.set(k) { c.push(v) } }
        try protectedCall(arguments: 1, results: 1)
        func fail(_ why: String) -> LuaError {
            LuaError(
                kind: .runtime, who: identity.name,
                message:
                    "assessment '\(id)': score must return { total = number, band =, flags = {}, subscales = {} }: \(why)"
            )
        }
        guard case .object(let f) = try c.value(-1, field: "score") else { throw fail("got something else") }
        let total: Double
        switch f["total"] {
        case .int(let n)?: total = Double(n)
        case .double(let x)?: total = x
        default: throw fail("total is missing or not a number")
        }
        var band: String?
        if case .string(let s)? = f["band"] { band = s }
        var flags: [String] = []
        if case .array(let list)? = f["flags"] {
            flags = list.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        }
        var subscales: [String: Double] = [:]
        if case .object(let subs)? = f["subscales"] {
            for (k, v) in subs {
                switch v {
                case .int(let n): subscales[k] = Double(n);
                case .double(let x): subscales[k] = x;
                default: throw fail("subscale \(k) is not a number")
                }
            }
        }
        var risk: String?
        switch f["risk"] {
        case .string(let s)?: risk = s.isEmpty ? nil : s
        case nil, .null?, .bool(false)?: risk = nil
        default: throw fail("risk must be a sentence for the person, or nil")
        }
        var settings: [String: String] = [:]
        if case .object(let given)? = f["settings"] {
            for (k, v) in given {
                guard let text = v.scalarText else { throw fail("setting \(k) must be text, a number or true/false") }
                settings[k] = text
            }
        }
        return AssessmentScore(
            total: total, band: band, flags: flags, subscales: subscales, risk: risk, settings: settings)
    }
}

extension LuaCall {
    func push(_ r: AssessmentResult) {
        newTable(fields: 9)
        set("id", r.id)
        set("assessment", r.assessment)
        set("version", r.version)
        set("at", r.at)
        set("answers") {
            newTable(fields: r.answers.count)
            for (k, v) in r.answers { set(k) { push(v) } }
        }
        set("total") { r.total.rounded() == r.total && abs(r.total) < 1e15 ? push(Int64(r.total)) : push(r.total) }
        set("band", r.band)
        set("flags") { pushArray(r.flags) }
        set("subscales") {
            newTable(fields: r.subscales.count)
            for (k, v) in r.subscales { set(k) { push(v) } }
        }
        set("risk", r.risk)
        if let settings = r.settings {
            set("settings") {
                newTable(fields: settings.count)
                for (k, v) in settings { set(k, v) }
            }
        }
        set("scored_by", r.scoredBy)
        set("scorer_version", r.scorerVersion)
    }
}
