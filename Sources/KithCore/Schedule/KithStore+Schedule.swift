import Foundation
import GRDB

extension KithStore {
    /// Adds a schedule event. A recurring event's first start must itself be an occurrence
    /// of its rule (on one of its BYDAY days), so every calendar app expands it the same way.
    public func addScheduleEvent(_ new: NewScheduleEvent) throws -> ScheduleEvent {
        var event = ScheduleEvent(
            id: 0, title: new.title, personId: nil, starts: new.starts,
            timeZone: clock.timeZone.identifier, durationMinutes: new.durationMinutes,
            recurrence: new.recurrence, remindMinutesBefore: new.remindMinutesBefore, createdAt: clock.nowText)
        try checkScheduleEvent(&event)
        try write { db in
            if let ref = new.person { event.personId = try Self.requirePerson(ref, db: db).id }
            try event.insert(db)
            event.id = db.lastInsertedRowID
        }
        return event
    }

    /// Changes a schedule event; fields not given stay as they are. A new start is read in the
    /// person's zone now, and the event follows that zone's wall clock from then on.
    public func updateScheduleEvent(_ id: Int64, _ changes: ScheduleEventChanges) throws -> ScheduleEvent {
        guard !changes.isEmpty else {
            throw KithError(.invalidInput, "Nothing to change", hint: .scheduleEditFields)
        }
        var event = try scheduleEvent(id)
        if let title = changes.title { event.title = title }
        if let starts = changes.starts { event.starts = starts; event.timeZone = clock.timeZone.identifier }
        if let minutes = changes.durationMinutes { event.durationMinutes = minutes }
        if let rule = changes.recurrence { event.recurrence = rule }
        if let remind = changes.remindMinutesBefore { event.remindMinutesBefore = remind }
        try checkScheduleEvent(&event)
        // A skip is of a day the event happened on: one the new times no longer reach goes.
        let stale = event.skipped.filter { !occursOn($0, event) }
        event.skipped.removeAll { stale.contains($0) }
        return try write { db in
            for day in stale {
                try db.execute(sql: "DELETE FROM schedule_skip WHERE event_id = ? AND day = ?", arguments: [id, day])
            }
            if let ref = changes.person { event.personId = try ref.map { try Self.requirePerson($0, db: db).id } }
            try db.execute(
                sql: """
                    UPDATE schedule_event SET title = ?, person_id = ?, starts = ?, time_zone = ?, duration_minutes = ?, freq = ?,
                      interval = ?, byday = ?, until = ?, count = ?, remind_minutes_before = ? WHERE id = ?
                    """,
                arguments: [
                    event.title, event.personId, event.starts, event.timeZone, event.durationMinutes,
                    event.recurrence?.frequency.rawValue, event.recurrence?.interval,
                    event.recurrence.map { $0.byDay.map(\.description).joined(separator: ",") },
                    event.recurrence?.until, event.recurrence?.count, event.remindMinutesBefore, id,
                ])
            return event
        }
    }

    /// True when the event, skips aside, has an occurrence on the local date `day`.
    private func occursOn(_ day: String, _ event: ScheduleEvent) -> Bool {
        guard let d = try? KithTime.parseDate(day, field: "day") else { return false }
        var all = event
        all.skipped = []
        return !Self.expand(
            all, from: KithTime.localMidnight(d, timeZone: event.zone),
            through: KithTime.localMidnight(d + 1, timeZone: event.zone) - 1
        ).isEmpty
    }

    /// Checks an event's fields and puts its title and start in stored form.
    private func checkScheduleEvent(_ event: inout ScheduleEvent) throws {
        event.title = try TextInput.clean(event.title, field: "title", trim: true, allowEmpty: false)
        let startSeconds = try KithTime.parseInstant(event.starts, field: "starts", timeZone: event.zone)
        event.starts = KithTime.formatInstant(startSeconds)
        guard (1...1440).contains(event.durationMinutes) else {
            throw KithError.invalid("duration_minutes", "must be from 1 to 1440, got \(event.durationMinutes)")
        }
        if let remind = event.remindMinutesBefore, !(0...10080).contains(remind) {
            throw KithError.invalid("remind_minutes_before", "must be from 0 to 10080 (a week), got \(remind)")
        }
        if let rule = event.recurrence {
            let startDay = KithTime.localDay(of: startSeconds, timeZone: event.zone)
            if rule.days(from: startDay, through: startDay).first != startDay {
                throw KithError.invalid(
                    "starts",
                    "must fall on a day the rule repeats on (\(rule.byDay.map(\.description).joined(separator: ",")));"
                        + " \(KithTime.formatDate(startDay)) is not one")
            }
        }
    }

    /// One schedule event, or a not-found error that says where to look.
    public func scheduleEvent(_ id: Int64) throws -> ScheduleEvent {
        guard let event = try scheduleEvents().first(where: { $0.id == id }) else {
            throw KithError(
                .notFound, field: "id", "names no schedule event: there is no event #\(id)", hint: .listSchedule)
        }
        return event
    }

    /// Skips the occurrence on `day` (a local date, or an instant on that day): it is not
    /// listed, reminded of or exported, and a rule's count still counts it (as RFC 5545's EXDATE).
    @discardableResult
    public func skipOccurrence(of id: Int64, on day: String) throws -> Occurrence {
        let (event, occurrence) = try occurrence(of: id, on: day)
        let date = KithTime.formatDate(
            KithTime.localDay(of: try KithTime.parseInstant(occurrence.starts, field: "starts"), timeZone: event.zone))
        guard !event.skipped.contains(date) else {
            throw KithError(
                .invalidInput, field: "on", "is already skipped: \(event.title) on \(date)", hint: .unskipOccurrence)
        }
        try write { db in
            try db.execute(sql: "INSERT INTO schedule_skip (event_id, day) VALUES (?, ?)", arguments: [id, date])
        }
        return occurrence
    }

    /// Puts a skipped occurrence back.
    public func unskipOccurrence(of id: Int64, on day: String) throws {
        let event = try scheduleEvent(id)
        let date = KithTime.formatDate(try localDay(day, zone: event.zone))
        guard event.skipped.contains(date) else {
            let list = event.skipped.isEmpty ? "none is" : "skipped: " + event.skipped.joined(separator: ", ")
            throw KithError.invalid("on", "names no skipped occurrence of \(event.title) on \(date); \(list)")
        }
        try write { db in
            try db.execute(sql: "DELETE FROM schedule_skip WHERE event_id = ? AND day = ?", arguments: [id, date])
        }
    }

    /// The event and its (unskipped) occurrence on a local day.
    private func occurrence(of id: Int64, on day: String) throws -> (ScheduleEvent, Occurrence) {
        let event = try scheduleEvent(id)
        let dayNumber = try localDay(day, zone: event.zone)
        let lower = KithTime.localMidnight(dayNumber, timeZone: event.zone)
        let upper = KithTime.localMidnight(dayNumber + 1, timeZone: event.zone) - 1
        var all = event
        all.skipped = []
        guard let found = Self.expand(all, from: lower, through: upper).first else {
            let next = Self.expand(all, from: lower, through: lower + Self.maxOccurrenceWindowDays * 86_400).first
            throw KithError.invalid(
                "on",
                "is not a day \(event.title) happens: nothing on \(KithTime.formatDate(dayNumber))"
                    + (next.map {
                        "; the next is \(KithTime.formatDate(KithTime.localDay(of: (try? KithTime.parseInstant($0.starts, field: "starts")) ?? lower, timeZone: event.zone)))"
                    } ?? ""))
        }
        return (event, found)
    }

    /// A date, a day word or an instant, as a local day number in `zone`.
    private func localDay(_ text: String, zone: TimeZone) throws -> Int {
        if let word = KithTime.dayWord(text, today: clock.today) { return word }
        if text.utf8.count == 10 { return try KithTime.parseDate(text, field: "on") }
        return KithTime.localDay(of: try KithTime.parseInstant(text, field: "on", timeZone: zone), timeZone: zone)
    }

    /// Every schedule event, in order of first start.
    public func scheduleEvents() throws -> [ScheduleEvent] {
        try read { db in try Self.scheduleEvents(db, order: "starts, id") }
    }

    /// Events with their skipped days.
    static func scheduleEvents(_ db: Database, order: String) throws -> [ScheduleEvent] {
        var skipped: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT event_id, day FROM schedule_skip ORDER BY event_id, day") {
            skipped[row[0], default: []].append(row[1])
        }
        return try ScheduleEvent.fetchAll(db, sql: "SELECT * FROM schedule_event ORDER BY \(order)").map { event in
            var event = event
            event.skipped = skipped[event.id] ?? []
            return event
        }
    }

    /// Removes a schedule event (its past occurrences were never stored; nothing else changes).
    public func removeScheduleEvent(_ id: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM schedule_event WHERE id = ?", arguments: [id])
            if db.changesCount == 0 {
                throw KithError(
                    .notFound, field: "id", "names no schedule event: there is no event #\(id)", hint: .listSchedule)
            }
        }
    }

    /// The longest period one call lists occurrences for (about ten years).
    public static let maxOccurrenceWindowDays: Int64 = 3_660

    /// Occurrences starting between `since` and `until` (dates or instants; a date `until`
    /// covers its whole day), in order, over at most `maxOccurrenceWindowDays`.
    public func occurrences(since: TimeBound?, until: TimeBound?) throws -> [Occurrence] {
        let zone = clock.timeZone
        let lower = (since ?? .instant(clock.nowInstant)).lower(in: zone)
        let upper = (until ?? .day(clock.localToday + 30)).upper(in: zone)
        guard lower <= upper else {
            throw KithError.invalid("until", "must not be before since (\(lower.text) .. \(upper.text))")
        }
        return try occurrences(from: lower, through: upper)
    }

    /// Occurrences starting in [lower, upper], over at most `maxOccurrenceWindowDays`.
    func occurrences(from first: Instant, through last: Instant) throws -> [Occurrence] {
        let lower = first.seconds, upper = last.seconds
        // A bounded window bounds the result: a daily event over years 1..9999 would be millions.
        guard upper - lower <= Self.maxOccurrenceWindowDays * 86_400 else {
            throw KithError.invalid(
                "until", "must be at most \(Self.maxOccurrenceWindowDays) days after since; ask for a shorter period")
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
        let start = calendar.dateComponents(
            [.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(first)))
        let startDay = KithTime.localDay(of: first, timeZone: zone)
        let lastDay = KithTime.localDay(of: upper, timeZone: zone) + 1
        let windowStart = KithTime.localDay(of: lower, timeZone: zone) - 1
        let days = event.recurrence?.days(from: startDay, through: lastDay, windowStart: windowStart) ?? [startDay]
        let skipped = Set(event.skipped)
        return days.compactMap { day in
            if !skipped.isEmpty, skipped.contains(KithTime.formatDate(day)) { return nil }
            let c = KithTime.civil(fromDayNumber: day)
            // Wall-clock time in the event's zone: a time skipped by a DST change moves forward.
            guard
                let date = calendar.date(
                    from: DateComponents(
                        year: c.year, month: c.month, day: c.day,
                        hour: start.hour, minute: start.minute, second: start.second))
            else { return nil }
            let seconds = Int64(date.timeIntervalSince1970)
            guard seconds >= lower, seconds <= upper else { return nil }
            return Occurrence(
                eventId: event.id, title: event.title, starts: KithTime.formatInstant(seconds),
                // Clamped to what an added event may have: a hand-edited store cannot overflow this.
                ends: KithTime.formatInstant(seconds + Int64(min(max(event.durationMinutes, 1), 1440)) * 60),
                personId: event.personId)
        }
    }
}
