/// An error a person can act on: what was wrong and, where it helps, what to do.
///
/// Kith's library reports every refusal through this type, so that each front end (the CLI,
/// the Lua API, a desktop app) can show one clear line. `field` names the input at fault;
/// the Lua bridge prefixes the function name (`kith.journal.add: field 'mood' must be ...`).
public struct KithError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of refusal this is, so a front end can pick an exit status.
    public enum Kind: String, Sendable {
        /// The input is malformed or out of range.
        case invalidInput
        /// A referenced record (person, entry, type) does not exist.
        case notFound
        /// The write would contradict what is stored (a duplicate name, a non-empty store).
        case conflict
        /// The store itself could not be read or written.
        case storage
    }

    /// What kind of refusal this is.
    public let kind: Kind
    /// The input field at fault, if one is.
    public let field: String?
    /// The explanation, written to be read after the field name.
    public let reason: String

    /// Creates an error; `reason` reads after "field 'x' " when `field` is given.
    public init(_ kind: Kind, field: String? = nil, _ reason: String) {
        self.kind = kind
        self.field = field
        self.reason = reason
    }

    /// The one line a person sees.
    public var description: String {
        guard let field else { return reason }
        return "field '\(field)' \(reason)"
    }

    /// An out-of-range or malformed field.
    public static func invalid(_ field: String, _ reason: String) -> KithError {
        KithError(.invalidInput, field: field, reason)
    }
}
