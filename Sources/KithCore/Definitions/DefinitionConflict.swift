/// Two plugins defined the same id (a support type, metric, report, assessment or import
/// format). Every definition belongs to the plugin that made it: neither plugin takes part
/// until the person chooses one, so a plugin can never take over another's instrument by
/// loading first.
public struct DefinitionConflict: Error, CustomStringConvertible, Equatable, Sendable {
    /// "assessment", "report", "support type", "metric", "import format".
    public let kind: String
    /// The contested id.
    public let id: String
    /// The plugin that held the id first, if one did.
    public let owner: String?
    /// The plugin that tried to define it again.
    public let claimant: String
    /// Every plugin that already claimed it.
    public let others: [String]

    /// The one line a person sees.
    public var description: String {
        "field 'id' \(kind) '\(id)' is also defined by plugin \(others.map { "'\($0)'" }.joined(separator: " and "))"
    }
}
