import KithCore
import KithLua

/// `rpc.discover`: an OpenRPC document describing every method, made from `RPCMethods.all`,
/// the same table that dispatches them.
enum OpenRPC {
    static func document() -> JSONValue {
        .object([
            "openrpc": .string("1.2.6"),
            "info": .object([
                "title": .string("Kith"), "version": .string(KithInfo.version),
                "description": .string(
                    "Kith's API over JSON-RPC 2.0: the Lua API's names and shapes (docs/lua-api.md), "
                        + "and what front ends need besides (docs/front-ends.md)."),
            ]),
            "methods": .array(([discover] + RPCMethods.all.map(method)).sorted { name($0) < name($1) }),
        ])
    }

    private static func name(_ value: JSONValue) -> String {
        if case .object(let o) = value, case .string(let n)? = o["name"] { return n }
        return ""
    }

    private static let discover: JSONValue = .object([
        "name": .string("rpc.discover"), "summary": .string("This document."), "params": .array([]),
        "result": .object(["name": .string("document"), "schema": .object(["type": .string("object")])]),
    ])

    private static func method(_ m: RPCMethod) -> JSONValue {
        let params: [JSONValue]
        let structure: String
        switch m.params {
        case .none:
            params = []
            structure = "either"
        case .options(let names):
            params = names.map { param($0, required: false) }
            structure = "by-name"
        case .positional(let names):
            params = names.map { param($0.trimmingCharacters(in: ["?"]), required: !$0.hasSuffix("?")) }
            structure = "either"
        }
        var o: [String: JSONValue] = [
            "name": .string(m.name), "summary": .string(m.summary), "params": .array(params),
            "paramStructure": .string(structure),
            "result": .object(["name": .string("result"), "schema": .object([:])]),
            "x-access": .string(describe(m.access)), "x-writes": .bool(m.writes),
        ]
        if let lua = m.luaFunction { o["x-lua"] = .string(lua) }
        return .object(o)
    }

    private static func param(_ name: String, required: Bool) -> JSONValue {
        .object(["name": .string(name), "required": .bool(required), "schema": .object([:])])
    }

    /// What a method needs, as docs/lua-api.md words the gate.
    static func describe(_ access: Access) -> String {
        switch access {
        case .open: return "none"
        case .needs(let permissions): return permissions.map(\.rawValue).joined(separator: ", ")
        case .scriptOnly: return "scripts only"
        case .reportReads: return "what the report reads"
        }
    }
}
