import Foundation
import KithCore
import KithLua
import KithReports

/// JSON-RPC 2.0 over any transport that carries one message at a time (a line on standard
/// input, an HTTP body): parses, checks, dispatches through `RPCMethods`, and answers. Bad
/// JSON, unknown methods, wrong params and oversized messages each get their error, and the
/// server keeps serving. Not thread-safe: a transport hands it one message at a time.
public final class RPCServer {
    /// The largest message accepted, in bytes (documented in docs/front-ends.md).
    public static let maxMessageBytes = 1 << 20
    /// The most requests in one batch.
    public static let maxBatch = 100
    /// The most a batch's answers may take together, in bytes.
    public static let maxBatchAnswerBytes = 64 << 20
    /// JSON nested deeper than this is refused.
    static let maxDepth = 32

    public let context: RPCContext
    /// Where notifications go (`changed`), one message at a time.
    public var notify: (String) -> Void = { _ in }

    /// A server on a context.
    public init(context: RPCContext) {
        self.context = context
    }

    /// Answers one message: the response text, or nil when nothing is owed (notifications).
    public func handle(_ text: String) -> String? {
        guard text.utf8.count <= Self.maxMessageBytes else { return oversized() }
        let message: JSONValue
        do {
            message = try JSONText.decode(
                text, field: "message", maxDepth: Self.maxDepth,
                budget: JSONBudget(bytes: 16 * Self.maxMessageBytes, limitMiB: 16))
        } catch {
            let reason = (error as? KithError)?.problem ?? "\(error)"
            return Self.encode(response(id: .null, RPCError(RPCError.parseError, "parse error: \(reason)")))
        }
        if case .array(let batch) = message {
            guard !batch.isEmpty, batch.count <= Self.maxBatch else {
                return Self.encode(
                    response(
                        id: .null,
                        RPCError(RPCError.invalidRequest, "a batch holds 1 to \(Self.maxBatch) requests")))
            }
            // Answers count against one budget: a hundred whole-journal reads must not all be
            // held at once. Past it, the rest are refused, each with its id.
            var answers: [String] = []
            var spent = 0
            for request in batch {
                let answer: JSONValue?
                if spent > Self.maxBatchAnswerBytes {
                    answer = Self.requestID(request).map {
                        response(
                            id: $0,
                            RPCError(
                                RPCError.refused,
                                "the batch's answers passed \(Self.maxBatchAnswerBytes >> 20) MiB; send fewer requests at once"
                            ))
                    }
                } else {
                    answer = handle(request: request)
                }
                guard let answer else { continue }
                let text = Self.encode(answer)
                spent += text.utf8.count
                answers.append(text)
            }
            return answers.isEmpty ? nil : "[" + answers.joined(separator: ",") + "]"
        }
        return handle(request: message).map(Self.encode)
    }

    /// The answer to a message over the size limit, which a transport need not read whole.
    public func oversized() -> String { Self.oversizedAnswer }

    /// The same answer, for a transport that holds no server.
    public static var oversizedAnswer: String {
        encode(
            .object([
                "jsonrpc": .string("2.0"), "id": .null,
                "error": RPCError(
                    RPCError.invalidRequest, "message is larger than \(maxMessageBytes) bytes; send less at once"
                ).json,
            ]))
    }

    /// What a transport does once an answer is sent: every risk answer recorded meanwhile
    /// whose crisis section went back in no answer (a request sent as a notification, a plugin
    /// handler's write) is sent now as a `crisis` notification, subscribed or not; then changes.
    public func afterAnswer() {
        for result in context.risks.takeAll() {
            let json = (try? context.json(result)) ?? .object(["id": .int(result.id)])
            notify(
                Self.encode(
                    .object([
                        "jsonrpc": .string("2.0"), "method": .string("crisis"),
                        "params": .object(["result": json, "crisis": context.crisisOrFallback()]),
                    ])))
        }
        pollChanges()
    }

    /// Looks for changes since the last look (this process's and others'), and notifies a
    /// subscribed client naming the areas that changed. A transport calls it after each answer
    /// (so the answer comes first) and every so often.
    public func pollChanges() {
        guard context.subscribed else { return }
        do {
            guard let last = context.mark else {
                context.mark = try context.store.mark()
                return
            }
            let (areas, now) = try context.store.changes(since: last)
            context.mark = now
            guard !areas.isEmpty else { return }
            notify(
                Self.encode(
                    .object([
                        "jsonrpc": .string("2.0"), "method": .string("changed"),
                        "params": .object(["areas": .array(areas.map { .string($0.rawValue) })]),
                    ])))
        } catch {
            // A store busy with another process's write is looked at again on the next poll.
        }
    }

    /// A request's id when it has one (nil for a notification, which gets no answer).
    static func requestID(_ request: JSONValue) -> JSONValue? {
        guard case .object(let fields) = request else { return .null }
        return fields["id"]
    }

    private func handle(request: JSONValue) -> JSONValue? {
        guard case .object(let fields) = request else {
            return response(id: .null, RPCError(RPCError.invalidRequest, "a request must be a JSON object"))
        }
        let id = fields["id"]
        let answerID = id ?? .null
        switch id {
        case nil, .null?, .string?, .int?, .double?: break
        default: return response(id: .null, RPCError(RPCError.invalidRequest, "id must be a string or a number"))
        }
        guard fields["jsonrpc"] == .string("2.0") else {
            return response(id: answerID, RPCError(RPCError.invalidRequest, "jsonrpc must be \"2.0\""))
        }
        guard case .string(let name)? = fields["method"] else {
            return response(id: answerID, RPCError(RPCError.invalidRequest, "method must be a string"))
        }
        let result: Result<JSONValue, RPCError>
        do {
            result = .success(try call(name, params: fields["params"]))
        } catch {
            result = .failure(RPCError.from(error))
        }
        guard id != nil else { return nil }  // a notification: no answer, even to an error
        switch result {
        case .success(let value):
            // The crisis section goes back in this answer: no notification needed for it.
            if case .object(let fields) = value, fields["crisis"] != nil, case .int(let resultID)? = fields["id"] {
                context.risks.delivered(resultID)
            }
            return .object(["jsonrpc": .string("2.0"), "id": answerID, "result": value])
        case .failure(let error):
            return response(id: answerID, error)
        }
    }

    private func call(_ name: String, params: JSONValue?) throws -> JSONValue {
        if name == "rpc.discover" { return OpenRPC.document() }
        guard let method = RPCMethods.byName[name] else {
            let near = RPCMethods.all.map(\.name).filter {
                $0.hasPrefix(name.split(separator: ".").first.map(String.init) ?? name)
            }
            throw RPCError(
                RPCError.methodNotFound, "no method \"\(String(name.prefix(80)))\"",
                data: .object(["similar": .array(near.map(JSONValue.string)), "list": .string("rpc.discover")]))
        }
        let arguments = try Self.arguments(params, for: method)
        switch method.handler {
        case .lua(let path):
            var values = arguments.values
            while values.last == .null { values.removeLast() }
            return try context.lua.callAPI(path, arguments: values)
        case .native(let run):
            return try run(context, arguments)
        }
    }

    /// The call's arguments from `params`, checked against the method's shape.
    static func arguments(_ params: JSONValue?, for method: RPCMethod) throws -> RPCArguments {
        func invalid(_ reason: String) -> RPCError {
            RPCError(RPCError.invalidParams, "\(method.name): \(reason)")
        }
        switch method.params {
        case .none:
            switch params {
            case nil, .null?: return RPCArguments(values: [], names: [])
            case .object(let o)? where o.isEmpty: return RPCArguments(values: [], names: [])
            case .array(let a)? where a.isEmpty: return RPCArguments(values: [], names: [])
            default: throw invalid("takes no params")
            }
        case .options(let names):
            switch params {
            case nil, .null?: return RPCArguments(values: [], names: ["params"])
            case .object?: return RPCArguments(values: [params!], names: ["params"])
            case .array(let a)? where a.count == 1: return RPCArguments(values: a, names: ["params"])
            default: throw invalid("params must be an object of options (\(names.joined(separator: ", ")))")
            }
        case .positional(let names):
            let bare = names.map { $0.trimmingCharacters(in: ["?"]) }
            var values: [JSONValue]
            switch params {
            case nil, .null?: values = []
            case .array(let a)?:
                guard a.count <= names.count else { throw invalid("takes at most \(names.count) params") }
                values = a
            case .object(let o)?:
                if let unknown = o.keys.sorted().first(where: { !bare.contains($0) }) {
                    throw invalid("no param \"\(String(unknown.prefix(40)))\"; params: \(bare.joined(separator: ", "))")
                }
                values = bare.map { o[$0] ?? .null }
            default: throw invalid("params must be an object or an array")
            }
            values += Array(repeating: .null, count: names.count - values.count)
            for (name, value) in zip(names, values) where !name.hasSuffix("?") && value == .null {
                throw invalid("param \"\(name)\" is required")
            }
            return RPCArguments(values: values, names: names)
        }
    }

    private func response(id: JSONValue, _ error: RPCError) -> JSONValue {
        .object(["jsonrpc": .string("2.0"), "id": id, "error": error.json])
    }

    static func encode(_ value: JSONValue) -> String { JSONText.encode(value) }
}

extension RPCServer {
    /// A report as the HTML renderer makes it, for a front end that shows it as a page.
    public func renderReport(_ id: String, since: String?, until: String?) throws -> String {
        var request = ReportRequest()
        try request.setPeriod(since: since, until: until)
        return ReportFormat.html.render(try context.session.store.runReport(id, request))
    }
}
