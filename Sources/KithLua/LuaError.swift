/// A failure of Lua code, ready to show: `[who] file:line: message`.
public struct LuaError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: String, Sendable {
        /// The code does not parse.
        case syntax
        /// The code raised an error (including misuse of the kith API).
        case runtime
        /// The state reached its memory limit.
        case memory
        /// The call passed its time limit.
        case timeout
    }

    /// What went wrong.
    public let kind: Kind
    /// The plugin id or script name the code belongs to.
    public let who: String
    /// `file:line: message`, the first line of the error.
    public let message: String
    /// The Lua stack traceback, shown with `--verbose`.
    public let traceback: String?

    /// Creates an error.
    public init(kind: Kind, who: String, message: String, traceback: String? = nil) {
        self.kind = kind
        self.who = who
        self.message = message
        self.traceback = traceback
    }

    /// The line a person sees.
    public var description: String { "[\(who)] \(message)" }
}
