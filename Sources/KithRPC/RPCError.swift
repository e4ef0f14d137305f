import KithCore
import KithLua

/// A JSON-RPC error object: the standard codes for the protocol's own failures, and Kith's
/// refusals with what was wrong as data (`kind`, `field`, `reason`, `hint`), the same
/// structured error the CLI words for a terminal.
struct RPCError: Error {
    let code: Int64
    let message: String
    let data: JSONValue?

    static let parseError: Int64 = -32700
    static let invalidRequest: Int64 = -32600
    static let methodNotFound: Int64 = -32601
    static let invalidParams: Int64 = -32602
    static let internalError: Int64 = -32603
    /// Kith's own refusals, in the range JSON-RPC leaves to servers.
    static let refused: Int64 = -32000
    static let notFound: Int64 = -32001
    static let conflict: Int64 = -32002
    static let storage: Int64 = -32003

    init(_ code: Int64, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// A Kith refusal: invalid input is invalid params; the rest have codes of their own.
    init(_ error: KithError) {
        let code: Int64
        switch error.kind {
        case .invalidInput: code = Self.invalidParams
        case .notFound: code = Self.notFound
        case .conflict: code = Self.conflict
        case .storage: code = Self.storage
        }
        var data: [String: JSONValue] = ["kind": .string(error.kind.rawValue), "reason": .string(error.reason)]
        if let field = error.field { data["field"] = .string(field) }
        if let hint = error.hint {
            data["hint"] = .object(["name": .string(hint.name), "text": .string(hint.neutral)])
        }
        self.init(code, error.description, data: .object(data))
    }

    /// Whatever a call threw, as an error object; never the process's end.
    static func from(_ error: Error) -> RPCError {
        switch error {
        case let e as RPCError: return e
        case let e as KithError: return RPCError(e)
        case let e as LuaError:
            return RPCError(refused, e.message, data: .object(["kind": .string(e.kind.rawValue)]))
        default: return RPCError(refused, "\(error)")
        }
    }

    var json: JSONValue {
        var o: [String: JSONValue] = ["code": .int(code), "message": .string(message)]
        if let data { o["data"] = data }
        return .object(o)
    }
}

extension KithHint {
    /// The hint's case name (`listPeople`), for front ends that map it to an action of their own.
    public var name: String {
        Mirror(reflecting: self).children.first?.label ?? String(describing: self)
    }
}
