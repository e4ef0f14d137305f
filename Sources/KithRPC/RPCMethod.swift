import KithCore
import KithLua

/// One JSON-RPC method: its name (the Lua API's, without `kith.`), what it takes, what it
/// needs, and what runs it. Every method is declared in `RPCMethods.all`, the one table
/// `rpc.discover` and the docs are made from.
public struct RPCMethod: Sendable {
    /// How the request's `params` become the call's arguments.
    public enum Params: Sendable, Equatable {
        /// No params (or an empty object or array).
        case none
        /// The params object is the call's one options table, as in Lua (`people.list`
        /// `{"circle": "inner"}`); the names are what it accepts.
        case options([String])
        /// Arguments in this order: by name in an object, or by position in an array.
        /// A name ending in `?` may be left out.
        case positional([String])
    }

    /// What runs a method.
    enum Handler: Sendable {
        /// The Lua API function of this path, called with the arguments.
        case lua(String)
        /// Swift code, for what the Lua API leaves to front ends (undo, deleting, rendering).
        case native(@Sendable (RPCContext, RPCArguments) throws -> JSONValue)
    }

    /// `people.list`.
    public let name: String
    /// One sentence for `rpc.discover` and docs/front-ends.md.
    public let summary: String
    public let params: Params
    /// What the call needs: the permission gate's declaration (`APIGate`) for a method backed
    /// by the Lua API, this table's own for the others.
    public let access: Access
    /// Whether it may change the store (a `changed` notification may follow).
    public let writes: Bool
    let handler: Handler

    /// A method backed by the Lua API function `kith.NAME`: its access is the gate's.
    static func lua(_ name: String, _ summary: String, _ params: Params, writes: Bool = false) -> RPCMethod {
        let path = "kith." + name
        return RPCMethod(
            name: name, summary: summary, params: params,
            access: APIGate.functions[path] ?? .needs(Permission.allCases),
            writes: writes, handler: .lua(path))
    }

    /// A method Kith runs in Swift, with its own declared access.
    static func native(
        _ name: String, _ summary: String, _ params: Params, access: Access, writes: Bool = false,
        _ run: @escaping @Sendable (RPCContext, RPCArguments) throws -> JSONValue
    ) -> RPCMethod {
        RPCMethod(name: name, summary: summary, params: params, access: access, writes: writes, handler: .native(run))
    }

    /// The Lua API function behind the method, if one is.
    public var luaFunction: String? {
        if case .lua(let path) = handler { return path }
        return nil
    }
}
