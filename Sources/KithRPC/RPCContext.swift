import Foundation
import KithCore
import KithLua
import KithSession

/// What a JSON-RPC front end holds: the session (store, plugins, settings), and the Lua state
/// its calls to the Lua API run in, acting as the person (every permission, no files).
public final class RPCContext {
    public let session: KithSession
    let lua: LuaState
    var store: KithStore { session.store }
    /// Whether the client asked for `changed` notifications.
    public internal(set) var subscribed = false
    /// Where the store stood when changes were last looked for.
    var mark: StoreMark?

    /// A context on an open session.
    public init(session: KithSession) throws {
        self.session = session
        lua = try LuaState(
            identity: .script(path: "[rpc]", files: FileAccess(allowedPaths: [], protectedPaths: [], dryRun: false)),
            store: session.store, limits: LuaLimits(memoryBytes: 256 << 20, timeoutSeconds: nil))
        lua.log = { _ in }
    }

    /// A value any `Encodable` record makes, in the shape the CLI's `--json` prints.
    func json<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return try JSONText.decode(
            text, field: "result", maxDepth: 64, budget: JSONBudget(bytes: 1 << 30, limitMiB: 1024))
    }

    /// Who to reach and the crisis line, as data and as the lines every front end shows.
    func crisis() throws -> JSONValue {
        let support = try store.crisisSupport()
        return .object([
            "contacts": .array(
                support.contacts.map { c in
                    .object([
                        "id": .int(c.id), "name": .string(c.name), "phone": c.phone.map(JSONValue.string) ?? .null,
                        "archived": .bool(c.archived), "reason": .string(c.reason),
                    ])
                }),
            "line": try support.line.map { try json($0) } ?? .null,
            "lines": .array(support.lines().map(JSONValue.string)),
        ])
    }
}
