import CLua
import KithCore

extension KithAPI {
    static func installImporters(_ b: APIBuilder) {
        let store = b.state.store
        b.table("importers") {
            b.function("define") { c in
                let t = try c.table(1, field: "definition", allowed: ["id", "description", "import"])
                let id = try t.requiredString("id")
                try c.state.requireFunction(
                    t, field: "import", purpose: "a function(text, ctx) that adds records and returns counts")
                try store.catalog.define(
                    ImporterDefinition(
                        id: id, description: try t.string("description") ?? "",
                        plugin: c.state.identity.pluginID ?? c.state.identity.name,
                        maxFileBytes: c.state.limits.memoryBytes / 2
                    ) { [weak state = c.state] text, file in
                        guard let state else {
                            throw KithError(.notFound, "the code that defined importer '\(id)' is no longer loaded")
                        }
                        return try state.runImporter(id: id, text: text, file: file)
                    })
                c.state.storeCallback(from: t, field: "import", as: "importer:" + id)
                return 0
            }
        }
    }
}

extension LuaState {
    /// Calls an importer's import(text, { file = }) and reads back its counts.
    func runImporter(id: String, text: String, file: String) throws -> [String: Int] {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushCallback(named: "importer:" + id)  // [list, import]
        let c = LuaCall(L: L, state: self, function: 0)
        c.push(text)
        c.newTable(fields: 1)
        c.set("file", file)
        try protectedCall(arguments: 2, results: 1)
        var counts: [String: Int] = [:]
        if case .object(let fields) = try c.value(-1, field: "result") {
            for (key, value) in fields { if case .int(let n) = value { counts[key] = Int(n) } }
        }
        return counts
    }
}
