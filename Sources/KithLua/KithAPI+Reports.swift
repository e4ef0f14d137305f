import CLua
import KithCore

extension KithAPI {
    static func installReports(_ b: APIBuilder) {
        let store = b.state.store
        b.table("reports") {
            b.function("define") { c in
                let t = try c.table(1, field: "definition", allowed: ["id", "title", "description", "reads", "build"])
                let id = try t.requiredString("id")
                try c.state.requireFunction(
                    t, field: "build", purpose: "a function(ctx, params) returning { title =, blocks = { ... } }")
                let reads = try Permission.parse(try t.strings("reads") ?? [], field: "reads", only: Permission.reads)
                for permission in reads.sorted() where !c.state.identity.allows(permission) {
                    throw KithError.invalid(
                        "reads",
                        "names '\(permission.rawValue)', which plugin '\(c.state.identity.name)' does not hold; add it to the permissions in plugin.toml"
                    )
                }
                try store.catalog.define(
                    ReportDefinition(
                        id: id, title: try t.requiredString("title"), description: try t.string("description") ?? "",
                        plugin: c.state.identity.pluginID ?? c.state.identity.name, reads: reads
                    ) { [weak state = c.state] store, request in
                        guard let state else {
                            throw KithError(.notFound, "the code that defined report '\(id)' is no longer loaded")
                        }
                        return try state.runReportBuild(id: id, reads: reads, params: request.textParams)
                    })
                c.state.storeCallback(from: t, field: "build", as: "report:" + id)
                return 0
            }
            b.function("run") { c in
                let id = try c.string(1, field: "id")
                var params: [String: String] = [:]
                if !c.isNil(2) {
                    guard case .object(let fields) = try c.value(2, field: "params") else {
                        throw KithError.invalid("params", "must be a table like { since = \"2026-03-01\" }")
                    }
                    for (k, v) in fields {
                        guard let text = v.scalarText else {
                            throw KithError.invalid("params.\(k)", "must be a string, number or boolean")
                        }
                        params[k] = text
                    }
                }
                c.push(try store.runReport(id, params: params) { try c.requireReads($0.reads, report: id) })
                return 1
            }
            b.function("list") { c in
                c.pushArray(store.catalog.reports) { r in
                    c.newTable(fields: 5)
                    c.set("id", r.id)
                    c.set("title", r.title)
                    c.set("description", r.description)
                    c.set("plugin", r.plugin)
                    c.set("reads") { c.pushArray(r.reads.sorted().map(\.rawValue)) }
                }
                return 1
            }
        }
    }
}

extension LuaState {
    /// Calls a report's build(ctx, params) and reads the document back. While it runs, its
    /// code reaches only what the report declared in `reads`.
    func runReportBuild(id: String, reads: Set<Permission>, params: [String: String]) throws -> ReportDocument {
        let top = lua_gettop(L)
        let outer = (runningReport, readsRestriction)
        runningReport = id
        readsRestriction = readsRestriction.map { $0.intersection(reads) } ?? reads
        defer {
            lua_settop(L, top)
            (runningReport, readsRestriction) = outer
        }
        try pushCallback(named: "report:" + id)  // [list, build]
        let c = LuaCall(L: L, state: self, function: 0)
        c.newTable(fields: 2)
        c.set("now", store.clock.nowText)
        c.set("today", store.clock.todayText)
        c.newTable(fields: params.count)
        for (k, v) in params.sorted(by: { $0.key < $1.key }) { c.set(k, v) }
        try protectedCall(arguments: 2, results: 1)  // [list, document]
        let value: LuaValue
        do { value = try c.value(-1, field: "document") } catch {
            throw LuaError(
                kind: .runtime, who: identity.name, message: "report '\(id)' returned \(Self.describe(error))")
        }
        do {
            return try ReportDocument(lua: value)
        } catch let error as KithError {
            throw LuaError(
                kind: .runtime, who: identity.name,
                message: "report '\(id)' returned a malformed document: \(error.description)")
        }
    }
}

extension LuaCall {
    func push(_ d: ReportDocument) {
        newTable(fields: 2)
        set("title", d.title)
        set("blocks") { pushArray(d.blocks) { push($0) } }
    }

    func push(_ block: ReportBlock) {
        newTable(fields: 6)
        set("kind", block.kind)
        switch block {
        case .heading(let text), .text(let text): set("text", text)
        case .metric(let label, let value, let note):
            set("label", label)
            set("value") { push(value) }
            set("note", note)
        case .list(let items): set("items") { pushArray(items) }
        case .table(let columns, let rows):
            set("columns") { pushArray(columns) }
            set("rows") { pushArray(rows) { row in pushArray(row) { push($0) } } }
        case .chart(let kind, let title, let x, let series, let yRange, let bands):
            set("chart", kind.rawValue)
            set("title", title)
            set("x") { pushArray(x) }
            set("series") {
                pushArray(series) { s in
                    newTable(fields: 2)
                    set("name", s.name)
                    set("values") { pushArray(s.values) { v in if let v { push(v) } else { push(false) } } }
                }
            }
            if let yRange {
                set("y_min") { push(yRange.lowerBound) }
                set("y_max") { push(yRange.upperBound) }
            }
            if !bands.isEmpty {
                set("bands") {
                    pushArray(bands) { b in
                        newTable(fields: 3)
                        set("from") { push(b.from) }
                        set("to") { push(b.to) }
                        set("label", b.label)
                    }
                }
            }
        case .contacts(let people):
            set("people") {
                pushArray(people) { p in
                    newTable(fields: 3)
                    set("name", p.name)
                    set("phone", p.phone)
                    set("note", p.note)
                }
            }
        case .convoy(let people):
            set("people") {
                pushArray(people) { p in
                    newTable(fields: 4)
                    set("name", p.name)
                    set("circle", p.circle.rawValue)
                    set("type", p.type)
                    set("crisis", p.crisis)
                }
            }
        }
    }

    func push(_ v: ReportValue) {
        switch v {
        case .text(let s): push(s)
        case .integer(let n): push(n)
        case .number(let x): push(x)
        case .boolean(let b): push(b)
        case .empty: pushNil()
        }
    }
}

extension ReportDocument {
    /// Reads a document a Lua report built, naming the block at fault.
    init(lua value: LuaValue) throws {
        guard case .object(let fields) = value else {
            throw KithError(.invalidInput, "it must be a table { title =, blocks = { ... } }")
        }
        guard case .string(let title)? = fields["title"] else {
            throw KithError(.invalidInput, "'title' must be a string")
        }
        var blocks: [ReportBlock] = []
        let items: [LuaValue]
        switch fields["blocks"] {
        case .array(let a)?: items = a
        case nil, .null?: items = []
        default: throw KithError(.invalidInput, "'blocks' must be a list")
        }
        for (i, item) in items.enumerated() {
            let place = "block \(i + 1)"
            guard case .object(let b) = item, case .string(let kind)? = b["kind"] else {
                throw KithError(.invalidInput, "\(place) must be a table with a 'kind'")
            }
            func string(_ key: String, required: Bool = true) throws -> String? {
                switch b[key] {
                case .string(let s)?: return s
                case nil, .null?:
                    if required {
                        throw KithError(.invalidInput, "\(place) (\(kind)): '\(key)' is required")
                    } else {
                        return nil
                    }
                default: throw KithError(.invalidInput, "\(place) (\(kind)): '\(key)' must be a string")
                }
            }
            func strings(_ key: String) throws -> [String] {
                guard case .array(let a)? = b[key] else {
                    if b[key] == nil || b[key] == .null || b[key] == .array([]) || b[key] == .object([:]) { return [] }
                    throw KithError(.invalidInput, "\(place) (\(kind)): '\(key)' must be a list")
                }
                return try a.map { v in
                    switch v {
                    case .string(let s): return s
                    case .int(let n): return String(n)
                    case .double(let x): return ReportValue.number(x).description
                    default: throw KithError(.invalidInput, "\(place) (\(kind)): '\(key)' must hold strings")
                    }
                }
            }
            switch kind {
            case "heading": blocks.append(.heading(try string("text")!))
            case "text": blocks.append(.text(try string("text")!))
            case "metric":
                blocks.append(
                    .metric(
                        label: try string("label")!, value: Self.value(b["value"] ?? .null),
                        note: try string("note", required: false)))
            case "list": blocks.append(.list(try strings("items")))
            case "table":
                var rows: [[ReportValue]] = []
                if case .array(let r)? = b["rows"] {
                    for (n, row) in r.enumerated() {
                        guard case .array(let cells) = row else {
                            if row == .object([:]) { rows.append([]); continue }
                            throw KithError(.invalidInput, "\(place) (table): row \(n + 1) must be a list of cells")
                        }
                        rows.append(cells.map(Self.value))
                    }
                }
                blocks.append(.table(columns: try strings("columns"), rows: rows))
            case "chart":
                guard let chart = ReportBlock.ChartKind(rawValue: try string("chart") ?? "") else {
                    throw KithError(.invalidInput, "\(place) (chart): 'chart' must be \"line\" or \"bar\"")
                }
                var series: [ChartSeries] = []
                if case .array(let list)? = b["series"] {
                    for s in list {
                        guard case .object(let sf) = s, case .string(let name)? = sf["name"] else {
                            throw KithError(.invalidInput, "\(place) (chart): each series needs a 'name'")
                        }
                        var values: [Double?] = []
                        if case .array(let vs)? = sf["values"] {
                            values = vs.map { v in
                                switch v {
                                case .int(let n): return Double(n);
                                case .double(let x): return x;
                                default: return nil
                                }
                            }
                        }
                        series.append(ChartSeries(name: name, values: values))
                    }
                }
                func number(_ key: String) throws -> Double? {
                    switch b[key] {
                    case .int(let n)?: return Double(n)
                    case .double(let x)?: return x
                    case nil, .null?: return nil
                    default: throw KithError(.invalidInput, "\(place) (chart): '\(key)' must be a number")
                    }
                }
                var yRange: ClosedRange<Double>?
                let yMin = try number("y_min"), yMax = try number("y_max")
                switch (yMin, yMax) {
                case (.none, .none): yRange = nil
                case let (low?, high?):
                    // Checked here, not only in validate(): low...high traps when low > high.
                    guard low < high else {
                        throw KithError(
                            .invalidInput,
                            "\(place) (chart): 'y_min' (\(ReportValue.number(low))) must be below 'y_max' (\(ReportValue.number(high)))"
                        )
                    }
                    yRange = low...high
                default:
                    throw KithError(
                        .invalidInput, "\(place) (chart): 'y_min' and 'y_max' go together; give both or neither")
                }
                let bands =
                    try b["bands"].map { value in
                        try ChartBand.list(lua: value) { problem in
                            KithError(.invalidInput, "\(place) (chart): 'bands' \(problem)")
                        }
                    } ?? []
                blocks.append(
                    .chart(
                        kind: chart, title: try string("title", required: false), x: try strings("x"), series: series,
                        yRange: yRange, bands: bands))
            case "contacts":
                guard case .array(let list)? = b["people"] else {
                    throw KithError(.invalidInput, "\(place) (contacts): 'people' must be a list")
                }
                blocks.append(
                    .contacts(
                        try list.map { v in
                            guard case .object(let p) = v, case .string(let name)? = p["name"] else {
                                throw KithError(.invalidInput, "\(place) (contacts): each person needs a 'name'")
                            }
                            func text(_ key: String) -> String? {
                                if case .string(let s)? = p[key] { return s } else { return nil }
                            }
                            return ReportContact(name: name, phone: text("phone"), note: text("note"))
                        }))
            default:
                throw KithError(
                    .invalidInput,
                    "\(place): unknown kind '\(kind)'; known kinds: heading, text, metric, list, table, chart, contacts"
                )
            }
        }
        self.init(title: title, blocks: blocks)
        try validate()
    }

    static func value(_ v: LuaValue) -> ReportValue {
        switch v {
        case .string(let s): return .text(s)
        case .int(let n): return .integer(n)
        case .double(let x): return .number(x)
        case .bool(let b): return .boolean(b)
        default: return .empty
        }
    }
}

extension ChartBand {
    /// Bands from Lua, `{ { from = 0, to = 4, label = "minimal" }, ... }`, checked as one chart's
    /// bands. `fail` turns what is wrong into the caller's error, placed as it places errors.
    static func list(lua value: LuaValue, fail: (String) -> KithError) throws -> [ChartBand] {
        let items: [LuaValue]
        switch value {
        case .array(let list): items = list
        case .null: items = []
        default: throw fail("must be a list like { { from = 0, to = 4, label = \"minimal\" } }")
        }
        // Before reading them: a thousand bands are refused at once, not one by one.
        guard items.count <= maximumCount else {
            throw fail("has \(items.count) bands; a chart shows at most \(maximumCount)")
        }
        var bands: [ChartBand] = []
        for (n, item) in items.enumerated() {
            guard case .object(let fields) = item else {
                throw fail("band \(n + 1) must be a table { from =, to =, label = }")
            }
            if let extra = fields.keys.sorted().first(where: { !["from", "to", "label"].contains($0) }) {
                throw fail("band \(n + 1) has an unknown field '\(extra)'; a band has from, to and label")
            }
            guard let from = number(fields["from"]), let to = number(fields["to"]) else {
                throw fail("band \(n + 1) needs numbers 'from' and 'to'")
            }
            guard case .string(let label)? = fields["label"] else { throw fail("band \(n + 1) needs a 'label'") }
            bands.append(ChartBand(from: from, to: to, label: label))
        }
        if let problem = problem(with: bands, in: nil) { throw fail(problem) }
        return bands
    }

    private static func number(_ value: LuaValue?) -> Double? {
        switch value {
        case .int(let n)?: return Double(n)
        case .double(let x)?: return x
        default: return nil
        }
    }
}
