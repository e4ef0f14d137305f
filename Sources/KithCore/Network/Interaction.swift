import GRDB

/// One contact with someone in the network (docs/lua-api.md 4.3).
public struct Interaction: Codable, Equatable, Sendable, Identifiable {
    /// Store id.
    public var id: Int64
    /// Who it was with.
    public var personId: Int64
    /// When it happened (UTC instant).
    public var at: String
    /// How it happened.
    public var channel: Channel
    /// Support the user received.
    public var received: [SupportDimension]
    /// Support the user gave.
    public var gave: [SupportDimension]
    /// How helpful it felt, 1..5.
    public var helpfulness: Int?
    /// A short note.
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case id, personId = "person_id", at, channel, received, gave, helpfulness, note
    }
}

/// A request to log an interaction.
public struct NewInteraction: Sendable {
    /// An id or an exact name.
    public var person: PersonReference
    /// An instant or date text; nil for now.
    public var at: String?
    /// How it happened.
    public var channel: Channel
    /// Support the user received.
    public var received: [SupportDimension] = []
    /// Support the user gave.
    public var gave: [SupportDimension] = []
    /// How helpful it felt, 1...5.
    public var helpfulness: Int?
    /// A short note.
    public var note: String?

    /// Creates a request with the required fields.
    public init(person: PersonReference, channel: Channel) {
        self.person = person
        self.channel = channel
    }
}

/// Which interactions to list: newest first.
public struct InteractionFilter: Sendable {
    /// Only this person (an id or an exact name).
    public var person: PersonReference?
    /// Inclusive lower bound: a day (from its local midnight) or an instant.
    public var since: TimeBound?
    /// Inclusive upper bound: a day (through its end) or an instant.
    public var until: TimeBound?
    /// At most this many.
    public var limit: Int?

    /// A filter; all fields optional.
    public init(person: PersonReference? = nil, since: TimeBound? = nil, until: TimeBound? = nil, limit: Int? = nil) {
        self.person = person
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// How a caller names a person: by id or by exact name.
public enum PersonReference: Sendable, Equatable, CustomStringConvertible {
    case id(Int64), name(String)

    /// How the reference reads in a message.
    public var description: String {
        switch self {
        case .id(let id): return "#\(id)"
        case .name(let name): return quoted(name)
        }
    }
}

// MARK: - Database

extension Interaction: FetchableRecord, TableRecord {
    /// The table name.
    public static let databaseTableName = "interaction"

    /// Reads an `interaction` row.
    public init(row: Row) {
        id = row["id"]
        personId = row["person_id"]
        at = row["at"]
        channel = Channel(rawValue: row["channel"]) ?? .inPerson
        received = Vocabulary.decodeDimensions(row["received"])
        gave = Vocabulary.decodeDimensions(row["gave"])
        helpfulness = row["helpfulness"]
        note = row["note"]
    }
}
