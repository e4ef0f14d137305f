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
    /// Risk answers recorded by this client's calls (or by plugin handlers they set off) whose
    /// crisis section has not yet gone back in an answer.
    let risks = RiskAnswers()

    /// A context on an open session.
    public init(session: KithSession) throws {
        self.session = session
        lua = try LuaState(
            identity: .script(path: "[rpc]", files: FileAccess(allowedPaths: [], protectedPaths: [], dryRun: false)),
            store: session.store, limits: LuaLimits(memoryBytes: 256 << 20, timeoutSeconds: nil))
        lua.log = { _ in }
        let risks = self.risks
        session.store.observe { change in
            if case .assessmentRecorded(let result) = change, result.risk != nil { risks.add(result) }
        }
    }

    /// A value any `Encodable` record makes, in the shape the CLI's `--json` prints.
    func json<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return try JSONText.decode(
            text, field: "result", maxDepth: 64, budget: JSONBudget(bytes: 1 << 30, limitMiB: 1024))
    }

    /// Who to reach and the crisis line; if the store cannot say, the lines that hold without
    /// it (call your local emergency number): a risk answer never ends in an error instead.
    func crisisOrFallback() -> JSONValue {
        if let section = try? crisis() { return section }
        let bare = CrisisSupport(contacts: [], line: nil)
        return .object([
            "contacts": .array([]), "line": .null, "clinic": .null, "lines": .array(bare.lines().map(JSONValue.string)),
        ])
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
            "clinic": support.clinic.map { c in
                .object([
                    "name": .string(c.name), "phone": c.phone.map(JSONValue.string) ?? .null,
                    "note": c.note.map(JSONValue.string) ?? .null,
                ])
            } ?? .null,
            "lines": .array(support.lines().map(JSONValue.string)),
        ])
    }
}

/// Risk answers waiting for their crisis section to reach the client, by result id. Filled by
/// the store's observer (on whichever thread commits), emptied by the server.
final class RiskAnswers: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int64: AssessmentResult] = [:]

    func add(_ result: AssessmentResult) { lock.withLock { waiting[result.id] = result } }
    func delivered(_ id: Int64) { lock.withLock { _ = waiting.removeValue(forKey: id) } }
    func takeAll() -> [AssessmentResult] {
        lock.withLock {
            defer { waiting.removeAll() }
            return waiting.values.sorted { $0.id < $1.id }
        }
    }
}
