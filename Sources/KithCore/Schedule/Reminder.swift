/// Something the person should do now or soon (docs/lua-api.md 4.6).
public struct Reminder: Codable, Equatable, Sendable {
    /// How pressing it is.
    public enum Priority: String, Codable, CaseIterable, Sendable, Comparable {
        case low, normal, high

        public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .low ? 0 : self == .normal ? 1 : 2 }
    }

    /// Unique within its source and stable across runs, so done and snooze persist.
    public var key: String
    /// `kith.stay-in-touch`, `kith.schedule`, or `PLUGIN_ID/REMINDER_ID`.
    public var source: String
    /// What to do, in a sentence.
    public var title: String
    /// When: a date or an instant.
    public var due: String
    /// Who it is about, if anyone.
    public var personId: Int64?
    /// How pressing it is.
    public var priority: Priority
    /// When a calendar alarm should ring (an instant), for schedule reminders.
    public var alarmAt: String?

    enum CodingKeys: String, CodingKey {
        case key, source, title, due, personId = "person_id", priority, alarmAt = "alarm_at"
    }

    /// Creates a reminder.
    public init(
        key: String, source: String, title: String, due: String, personId: Int64? = nil,
        priority: Priority = .normal, alarmAt: String? = nil
    ) {
        self.key = key
        self.source = source
        self.title = title
        self.due = due
        self.personId = personId
        self.priority = priority
        self.alarmAt = alarmAt
    }
}

/// A reminder rule a plugin defines: `check` returns what is due at `context`.
public struct ReminderRule: @unchecked Sendable {
    /// `PLUGIN_ID/REMINDER_ID`.
    public let source: String
    /// The rule's title, for listings.
    public let title: String
    /// What its check may read (its plugin's read permissions): its reminders are shown only
    /// to code that may read all of it.
    public let reads: Set<Permission>
    /// Returns the rule's reminders; throws when the rule fails (it is then skipped).
    public let check: (ReminderContext) throws -> [ReminderDraft]

    /// Creates a rule.
    public init(
        source: String, title: String, reads: Set<Permission>,
        check: @escaping (ReminderContext) throws -> [ReminderDraft]
    ) {
        self.source = source
        self.title = title
        self.reads = reads
        self.check = check
    }
}

/// What a rule is asked about.
public struct ReminderContext: Sendable {
    /// The instant reminders are computed for.
    public let now: String
    /// Its local date.
    public let today: String
}

/// A reminder as a rule returns it, before it is checked.
public struct ReminderDraft: Sendable {
    public var key: String
    public var title: String
    public var due: String
    public var person: PersonReference?
    public var priority: Reminder.Priority

    /// Creates a draft.
    public init(
        key: String, title: String, due: String, person: PersonReference? = nil, priority: Reminder.Priority = .normal
    ) {
        self.key = key
        self.title = title
        self.due = due
        self.person = person
        self.priority = priority
    }
}

/// The reminders due, and the rules that failed (reported, then skipped).
public struct ReminderReport: Sendable {
    /// Due reminders, highest priority first, then soonest.
    public var reminders: [Reminder]
    /// `source: message` for each rule that failed.
    public var failures: [String]
}

/// A reminder hidden until a date (`kith remind snooze`).
public struct SnoozedReminder: Codable, Equatable, Sendable {
    public var source: String
    public var key: String
    /// Its title when it was snoozed (nil for snoozes from before titles were kept).
    public var title: String?
    /// The day it is due again.
    public var until: String
}
