import GRDB

/// Someone or something in the support network (docs/lua-api.md 4.2).
public struct Person: Codable, Equatable, Sendable, Identifiable {
    /// Store id.
    public var id: Int64
    /// Unique name, the way the person refers to them.
    public var name: String
    /// Support type id (`family`, `peer`, or a plugin's).
    public var type: String
    /// Person, group or service.
    public var kind: PersonKind
    /// Dimensions of support they provide.
    public var provides: [SupportDimension]
    /// How close they are.
    public var circle: Circle
    /// Stay-in-touch cadence in days; nil for no reminder.
    public var cadenceDays: Int?
    /// Phone number as typed.
    public var phone: String?
    /// Email address.
    public var email: String?
    /// Free notes.
    public var notes: String?
    /// True for someone to call in a crisis.
    public var crisis: Bool
    /// True once archived: kept, but out of lists and reminders.
    public var archived: Bool
    /// When they were added (UTC instant).
    public var createdAt: String
    /// The newest interaction with them, if any (computed, not stored).
    public var lastInteractionAt: String?

    enum CodingKeys: String, CodingKey {
        case id, name, type, kind, provides, circle, cadenceDays = "cadence_days", phone, email, notes, crisis,
            archived, createdAt = "created_at", lastInteractionAt = "last_interaction_at"
    }
}

/// What a person needs to be added; absent optionals take the documented defaults.
public struct NewPerson: Sendable {
    /// The name.
    public var name: String
    /// A support type id.
    public var type: String
    /// Person, group or service.
    public var kind: PersonKind = .person
    /// nil means the support type's usual dimensions.
    public var provides: [SupportDimension]?
    /// Inner, middle or outer; nil means the clinic's usual circle for the type, else middle.
    public var circle: Circle?
    /// nil means the support type's default cadence; use `cadenceDays: .some(nil)` for none.
    public var cadenceDays: Int??
    /// Phone number.
    public var phone: String?
    /// Email address.
    public var email: String?
    /// Free notes.
    public var notes: String?
    /// Someone to call in a crisis.
    public var crisis = false

    /// Creates a new-person request with the two required fields.
    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}

/// Changes to a person: each non-nil field replaces the stored one.
public struct PersonChanges: Sendable {
    /// The name.
    public var name: String?
    /// A support type id.
    public var type: String?
    /// Person, group or service.
    public var kind: PersonKind?
    /// Dimensions of support.
    public var provides: [SupportDimension]?
    /// Inner, middle or outer.
    public var circle: Circle?
    /// `.some(nil)` clears the cadence.
    public var cadenceDays: Int??
    /// `.some(nil)` clears the field.
    public var phone: String??
    /// Email address.
    public var email: String??
    /// Free notes.
    public var notes: String??
    /// Someone to call in a crisis.
    public var crisis: Bool?
    /// Archived: kept, but out of lists and reminders.
    public var archived: Bool?

    /// An empty change set.
    public init() {}
}

/// Which people to list.
public struct PeopleFilter: Sendable {
    /// A support type id.
    public var type: String?
    /// Inner, middle or outer.
    public var circle: Circle?
    /// Only people who provide this dimension.
    public var provides: SupportDimension?
    /// false (default): only current people; true: only archived; nil: both.
    public var archived: Bool? = false

    /// A filter that lists everyone not archived.
    public init(type: String? = nil, circle: Circle? = nil, provides: SupportDimension? = nil, archived: Bool? = false)
    {
        self.type = type
        self.circle = circle
        self.provides = provides
        self.archived = archived
    }
}

// MARK: - Database

extension Person: FetchableRecord, TableRecord {
    /// The table name.
    public static let databaseTableName = "person"

    /// Reads a row of `person.*` plus `last_interaction_at`.
    public init(row: Row) {
        id = row["id"]
        name = row["name"]
        type = row["type"]
        kind = PersonKind(rawValue: row["kind"]) ?? .person
        provides = Vocabulary.decodeDimensions(row["provides"])
        circle = Circle(rawValue: row["circle"]) ?? .middle
        cadenceDays = row["cadence_days"]
        phone = row["phone"]
        email = row["email"]
        notes = row["notes"]
        crisis = row["crisis"]
        archived = row["archived"]
        createdAt = row["created_at"]
        lastInteractionAt = row["last_interaction_at"]
    }

    /// The select list that includes the newest interaction.
    /// People with their last interaction up to now (`kith_now()`, the store's clock): one
    /// logged after it has not happened yet for a command run with `--now` in the past.
    static let selectWithLastInteraction = """
        SELECT person.*, (SELECT max(at) FROM interaction WHERE interaction.person_id = person.id AND at <= kith_now()) AS last_interaction_at
        FROM person
        """

    /// Inserts the person with their id (an import); a duplicate id or name fails.
    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO person (id, name, name_key, type, kind, provides, circle, cadence_days, phone, email, notes, crisis, archived, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, name, KithStore.foldedName(name), type, kind.rawValue, Vocabulary.encode(provides), circle.rawValue,
                cadenceDays,
                phone, email, notes, crisis, archived, createdAt,
            ])
    }

    /// Writes every field of an existing person.
    func update(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE person SET name = ?, name_key = ?, type = ?, kind = ?, provides = ?, circle = ?, cadence_days = ?, phone = ?,
                  email = ?, notes = ?, crisis = ?, archived = ? WHERE id = ?
                """,
            arguments: [
                name, KithStore.foldedName(name), type, kind.rawValue, Vocabulary.encode(provides), circle.rawValue,
                cadenceDays,
                phone, email, notes, crisis, archived, id,
            ])
    }
}
