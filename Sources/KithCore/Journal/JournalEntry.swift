import GRDB

/// One recovery-journal entry (docs/lua-api.md 4.4).
public struct JournalEntry: Codable, Equatable, Sendable, Identifiable {
    /// Store id.
    public var id: Int64
    /// When it was written (UTC instant).
    public var at: String
    /// Mood 1 (very low) ..5 (very good), if given.
    public var mood: Int?
    /// The text.
    public var text: String
    /// Tags, sorted.
    public var tags: [String]
    /// Metric values by metric id.
    public var metrics: [String: MetricValue]
    /// Ids of the people it mentions, ascending.
    public var people: [Int64]
}

/// A request to add a journal entry.
public struct NewJournalEntry: Sendable {
    /// An instant or date text; nil for now.
    public var at: String?
    /// Mood from 1 (very low) to 5 (very good).
    public var mood: Int?
    /// The text.
    public var text: String = ""
    /// Tags, single words.
    public var tags: [String] = []
    /// Metric values by metric id.
    public var metrics: [String: MetricValue] = [:]
    /// People it mentions (ids or exact names).
    public var people: [PersonReference] = []

    /// An empty entry (at least a mood, text, a tag or a metric must be set before adding).
    public init() {}
}

/// Changes to a journal entry: fields given replace the old ones; metrics merge.
public struct JournalChanges: Sendable {
    /// When: an instant or a date (local midnight).
    public var at: String?
    /// `.some(nil)` clears the mood.
    public var mood: Int??
    /// The text.
    public var text: String?
    /// Tags, single words.
    public var tags: [String]?
    /// Metric values by metric id.
    public var metrics: [String: MetricValue]?
    /// People it mentions (ids or exact names).
    public var people: [PersonReference]?

    /// An empty change set.
    public init() {}
}

/// Which journal entries to list.
public struct JournalFilter: Sendable {
    /// Inclusive lower bound: a day (from its local midnight) or an instant.
    public var since: TimeBound?
    /// Inclusive upper bound: a day (through its end) or an instant.
    public var until: TimeBound?
    /// Only entries with this tag.
    public var tag: String?
    /// At most this many.
    public var limit: Int?

    /// A filter; all fields optional.
    public init(since: TimeBound? = nil, until: TimeBound? = nil, tag: String? = nil, limit: Int? = nil) {
        self.since = since
        self.until = until
        self.tag = tag
        self.limit = limit
    }
}

/// Where a streaming read over the journal stopped: the last entry's time and id.
public struct JournalCursor: Sendable, Equatable {
    /// The last entry's time.
    public var at: String
    /// The last entry's id.
    public var id: Int64

    /// A cursor after the entry with this time and id.
    public init(at: String, id: Int64) {
        self.at = at
        self.id = id
    }
}
