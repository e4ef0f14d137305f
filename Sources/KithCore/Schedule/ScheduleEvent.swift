import Foundation
import GRDB

/// A commitment on the calendar, once or recurring: a group meeting, a therapy session, a
/// telehealth call (docs/lua-api.md 4.5).
public struct ScheduleEvent: Codable, Equatable, Sendable, Identifiable {
    /// Store id.
    public var id: Int64
    /// What it is ("Tuesday group").
    public var title: String
    /// Who it is with (a person, group or service), if anyone.
    public var personId: Int64?
    /// The first occurrence's start (UTC instant).
    public var starts: String
    /// The time zone whose wall clock the recurrence follows (`Europe/Paris`).
    public var timeZone: String
    /// Length of each occurrence.
    public var durationMinutes: Int
    /// How it repeats; nil for a one-off.
    public var recurrence: Recurrence?
    /// Minutes before each occurrence that a reminder becomes due; nil for none.
    public var remindMinutesBefore: Int?
    /// When it was added (UTC instant).
    public var createdAt: String
    /// Local dates (in `timeZone`) whose occurrence is skipped, in order.
    public var skipped: [String] = []

    enum CodingKeys: String, CodingKey {
        case id, title, personId = "person_id", starts, timeZone = "time_zone", durationMinutes = "duration_minutes",
            recurrence = "repeat", remindMinutesBefore = "remind_minutes_before", createdAt = "created_at", skipped
    }

    /// Decodes an event; files from before skips existed have none.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        personId = try c.decodeIfPresent(Int64.self, forKey: .personId)
        starts = try c.decode(String.self, forKey: .starts)
        timeZone = try c.decode(String.self, forKey: .timeZone)
        durationMinutes = try c.decode(Int.self, forKey: .durationMinutes)
        recurrence = try c.decodeIfPresent(Recurrence.self, forKey: .recurrence)
        remindMinutesBefore = try c.decodeIfPresent(Int.self, forKey: .remindMinutesBefore)
        createdAt = try c.decode(String.self, forKey: .createdAt)
        skipped = try c.decodeIfPresent([String].self, forKey: .skipped) ?? []
    }

    init(
        id: Int64, title: String, personId: Int64?, starts: String, timeZone: String, durationMinutes: Int,
        recurrence: Recurrence?, remindMinutesBefore: Int?, createdAt: String
    ) {
        self.id = id
        self.title = title
        self.personId = personId
        self.starts = starts
        self.timeZone = timeZone
        self.durationMinutes = durationMinutes
        self.recurrence = recurrence
        self.remindMinutesBefore = remindMinutesBefore
        self.createdAt = createdAt
    }

    /// The zone, falling back to UTC for an unknown identifier.
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }
}

/// One occurrence of a schedule event.
public struct Occurrence: Codable, Equatable, Sendable {
    /// The event it belongs to.
    public var eventId: Int64
    /// The event's title.
    public var title: String
    /// Start and end (UTC instants).
    public var starts: String
    public var ends: String
    /// Who it is with, if anyone.
    public var personId: Int64?

    enum CodingKeys: String, CodingKey {
        case eventId = "event_id", title, starts, ends, personId = "person_id"
    }
}

/// Changes to a schedule event: nil leaves a field as it is; `.some(nil)` clears an optional one.
public struct ScheduleEventChanges: Sendable {
    public var title: String?
    public var starts: String?
    public var person: PersonReference??
    public var durationMinutes: Int?
    public var recurrence: Recurrence??
    public var remindMinutesBefore: Int??

    /// No changes.
    public init() {}

    /// True when nothing would change.
    public var isEmpty: Bool {
        title == nil && starts == nil && person == nil && durationMinutes == nil && recurrence == nil
            && remindMinutesBefore == nil
    }
}

/// A request to add a schedule event.
public struct NewScheduleEvent: Sendable {
    /// What it is.
    public var title: String
    /// Who it is with (an id or an exact name).
    public var person: PersonReference?
    /// First start: an instant with offset, or a date (local midnight).
    public var starts: String
    /// Length of each occurrence (default 60).
    public var durationMinutes = 60
    /// How it repeats; nil for a one-off.
    public var recurrence: Recurrence?
    /// Minutes before each occurrence that a reminder is due.
    public var remindMinutesBefore: Int?

    /// A one-off event of an hour.
    public init(title: String, starts: String) {
        self.title = title
        self.starts = starts
    }
}

// MARK: - Database

extension ScheduleEvent: FetchableRecord {
    /// Reads a `schedule_event` row.
    public init(row: Row) {
        id = row["id"]
        title = row["title"]
        personId = row["person_id"]
        starts = row["starts"]
        timeZone = row["time_zone"]
        durationMinutes = row["duration_minutes"]
        remindMinutesBefore = row["remind_minutes_before"]
        createdAt = row["created_at"]
        if let freq: String = row["freq"], let frequency = Recurrence.Frequency(rawValue: freq) {
            let days = (row["byday"] as String? ?? "").split(separator: ",").compactMap {
                try? Recurrence.Day(String($0))
            }
            recurrence = try? Recurrence(
                frequency: frequency, interval: row["interval"] ?? 1, byDay: days,
                until: row["until"], count: row["count"])
        } else {
            recurrence = nil
        }
    }

    /// Checks an event read from a file as an added one is checked: the ranges arithmetic on
    /// occurrences relies on (a duration of Int.max minutes would overflow), and its rule
    /// through `Recurrence`'s checking initialiser.
    static func checkImported(_ e: ScheduleEvent) throws {
        guard (1...1440).contains(e.durationMinutes) else {
            throw KithError.invalid("duration_minutes", "must be from 1 to 1440, got \(e.durationMinutes)")
        }
        if let remind = e.remindMinutesBefore, !(0...10080).contains(remind) {
            throw KithError.invalid("remind_minutes_before", "must be from 0 to 10080, got \(remind)")
        }
        guard TimeZone(identifier: e.timeZone) != nil else {
            throw KithError.invalid("time_zone", "is not a known zone: \(quoted(e.timeZone))")
        }
        if let rule = e.recurrence {
            _ = try Recurrence(
                frequency: rule.frequency, interval: rule.interval, byDay: rule.byDay, until: rule.until,
                count: rule.count)
            for day in rule.byDay
            where !(1...7).contains(day.weekday) || (day.ordinal.map { !(-5...5).contains($0) || $0 == 0 } ?? false) {
                throw KithError.invalid("repeat.byday", "has a day Kith does not know: \(day.weekday)")
            }
        }
    }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO schedule_event (id, title, person_id, starts, time_zone, duration_minutes, freq, interval, byday,
                  until, count, remind_minutes_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id == 0 ? nil : id, title, personId, starts, timeZone, durationMinutes, recurrence?.frequency.rawValue,
                recurrence?.interval, recurrence.map { $0.byDay.map(\.description).joined(separator: ",") },
                recurrence?.until, recurrence?.count, remindMinutesBefore, createdAt,
            ])
        let eventId = id == 0 ? db.lastInsertedRowID : id
        for day in skipped {
            _ = try KithTime.parseDate(day, field: "skipped")
            try db.execute(
                sql: "INSERT OR IGNORE INTO schedule_skip (event_id, day) VALUES (?, ?)", arguments: [eventId, day])
        }
    }
}
