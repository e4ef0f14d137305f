/// A kind of supporter: family, friend, peer, professional, community, online, or one a plugin adds.
public struct SupportType: Codable, Equatable, Sendable {
    /// Identifier used in records and on the command line (`sponsor`).
    public var id: String
    /// Human name (`Sponsor`).
    public var name: String
    /// A sentence about who this is.
    public var description: String
    /// The dimensions of support this type usually gives.
    public var dimensions: [SupportDimension]
    /// Default stay-in-touch cadence for people of this type; nil for none.
    public var defaultCadenceDays: Int?
    /// True for Kith's own types.
    public var builtin: Bool
    /// The plugin that defined it, nil for built-ins.
    public var plugin: String?

    /// Creates a support type.
    public init(
        id: String, name: String, description: String, dimensions: [SupportDimension],
        defaultCadenceDays: Int? = nil, builtin: Bool = false, plugin: String? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.dimensions = dimensions
        self.defaultCadenceDays = defaultCadenceDays
        self.builtin = builtin
        self.plugin = plugin
    }

    /// Kith's six built-in support types.
    public static let builtins: [SupportType] = [
        SupportType(
            id: "family", name: "Family", description: "Relatives and the people you live with",
            dimensions: [.emotional, .practical], defaultCadenceDays: 7, builtin: true),
        SupportType(
            id: "friend", name: "Friend", description: "Friends outside recovery settings",
            dimensions: [.emotional, .practical], defaultCadenceDays: 14, builtin: true),
        SupportType(
            id: "peer", name: "Peer", description: "Peers in recovery: support groups, sponsors, peer workers",
            dimensions: [.emotional, .informational], defaultCadenceDays: 7, builtin: true),
        SupportType(
            id: "professional", name: "Professional", description: "Therapists, counsellors, doctors, case workers",
            dimensions: [.informational, .practical], defaultCadenceDays: nil, builtin: true),
        SupportType(
            id: "community", name: "Community", description: "Workplace, school, faith and neighbourhood groups",
            dimensions: [.emotional, .practical], defaultCadenceDays: nil, builtin: true),
        SupportType(
            id: "online", name: "Online", description: "Online communities and telehealth",
            dimensions: [.emotional, .informational], defaultCadenceDays: nil, builtin: true),
    ]
}
