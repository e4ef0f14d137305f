import Foundation
import GRDB

extension KithStore {
    /// Adds a schedule event. A recurring event's first start must itself be an occurrence
    /// of its rule (on one of its BYDAY days), so every calendar app expands it the same way.
    public func addScheduleEvent(_ new: NewScheduleEvent) throws -> ScheduleEvent {
        let title = try TextInput.clean(new.title, field: "title", trim: true, allowEmpty: false)
        let startSeconds = try KithTime.parseInstant(new.starts, field: "starts", timeZone: clock.timeZone)
        guard (1...1440).contains(new.durationMinutes) else {
            throw KithError.invalid("duration_minutes", "must be from 1 to 1440, got \(new.durationMinutes)")
        }
        if let remind = new.remindMinutesBefore, !(0...10080).contains(remind) {
            throw KithError.invalid("remind_minutes_before", "must be from 0 to 10080 (a week), got \(remind)")
        }
        if let rule = new.recurrence {
            let startDay = KithTime.localDay(of: startSeconds, timeZone: clock.timeZone)
            if rule.days(from: startDay, through: startDay).first != startDay {
                throw KithError.invalid("starts", "must fall on a day the rule repeats on (\(rule.byDay.map(\.description).joined(separator: ",")));"
                                        + " \(KithTime.formatDate(startDay)) is not one")
            }
        }
        var event = ScheduleEvent(id: 0, title: title, personId: nil, starts: KithTime.formatInstant(startSeconds),
                                  timeZone: clock.timeZone.identifier, durationMinutes: new.durationMinutes,
                                  recurrence: new.recurrence, remindMinutesBefore: new.remindMinutesBefore, createdAt: clock.nowText)
        try write { db in
            if let ref = new.person { event.personId = try Self.requirePerson(ref, db: db).id }
            try event.insert(db)
            event.id = db.lastInsertedRowID
        }
        return event
    }

    /// Every schedule event, in order of first start.
    public func scheduleEvents() throws -> [ScheduleEvent] {
        try read { db in try ScheduleEvent.fetchAll(db, sql: "SELECT * FROM schedule_event ORDER BY starts, id") }
    }

    /// Removes a schedule event (its past occurrences were never stored; nothing else changes).
    public func removeScheduleEvent(_ id: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM schedule_event WHERE id = ?", arguments: [id])
            if db.changesCount == 0 {
                throw KithError(.notFound, field: "id", "names no schedule event: there is no event #\(id). Run 'kith schedule list' to see them")
            }
        }
    }

    /// The longest period one call lists occurrences for (about ten years).
    public static let maxOccurrenceWindowDays: Int64 = 3_660

    /// Occurrences starting between `since` and `until` (dates or instants; a date `until`
    /// covers its whole day), in order, over at most `maxOccurrenceWindowDays`.
    public func occurrences(since: String?, until: String?) throws -> [Occurrence] {
        let range = try TimeRange(since: since ?? clock.nowText, until: until ?? KithTime.formatDate(clock.today + 30), clock: clock)
        let lower = try KithTime.parseInstant(range.lower!, field: "since")
        let upper = try KithTime.parseInstant(range.upper!, field: "until")
        // A bounded window bounds the result: a daily event over years 1..9999 would be millions.
        guard upper - lower <= Self.maxOccurrenceWindowDays * 86_400 else {
            throw KithError.invalid("until", "must be at most \(Self.maxOccurrenceWindowDays) days after since; ask for a shorter period")
        }
        return try scheduleEvents().flatMap { Self.expand($0, from: lower, through: upper) }
            .sorted { ($0.starts, $0.eventId) < ($1.starts, $1.eventId) }
    }

    /// An event's occurrences starting in [lower, upper] (seconds since the epoch).
    static func expand(_ event: ScheduleEvent, from lower: Int64, through upper: Int64) -> [Occurrence] {
        guard let first = try? KithTime.parseInstant(event.starts, field: "starts"), first <= upper else { return [] }
        let zone = event.zone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(first)))
        let startDay = KithTime.localDay(of: first, timeZone: zone)
        let lastDay = KithTime.localDay(of: upper, timeZone: zone) + 1
        let windowStart = KithTime.localDay(of: lower, timeZone: zone) - 1
        let days = event.recurrence?.days(from: startDay, through: lastDay, windowStart: windowStart) ?? [startDay]
        return days.compactMap { day in
            let c = KithTime.civil(fromDayNumber: day)
            // Wall-clock time in the event's zone: a time skipped by a DST change moves forward.
            guard let date = calendar.date(from: DateComponents(year: c.year, month: c.month, day: c.day,
                                                                hour: start.hour, minute: start.minute, second: start.second)) else { return nil }
            let seconds = Int64(date.timeIntervalSince1970)
            guard seconds >= lower, seconds <= upper else { return nil }
            return Occurrence(eventId: event.id, title: event.title, starts: KithTime.formatInstant(seconds),
                              ends: KithTime.formatInstant(seconds + Int64(event.durationMinutes) * 60), personId: event.personId)
        }
    }
}
