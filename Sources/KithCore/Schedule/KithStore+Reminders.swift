import Foundation
import GRDB

extension KithStore {
    /// The source of stay-in-touch reminders.
    public static let stayInTouchSource = "kith.stay-in-touch"
    /// The source of upcoming-occurrence reminders.
    public static let scheduleSource = "kith.schedule"

    /// Every reminder due at `at` (default now) from all sources, highest priority first,
    /// then soonest. Done reminders, and snoozed ones until their date, are left out. A plugin
    /// rule that fails is skipped and named in `failures`. `visibleTo` is what the caller may
    /// read (nil: everything): a rule whose plugin reads more, and safety-plan reminders without
    /// `plan.read`, are left out.
    public func dueReminders(at: Instant? = nil, visibleTo: Set<Permission>? = nil) throws -> ReminderReport {
        let moment = at ?? clock.nowInstant
        let now = moment.text, seconds = moment.seconds
        let today = moment.day(in: clock.timeZone).number
        var all = try stayInTouchReminders(today: today) + scheduleReminders(now: seconds)
        if visibleTo?.contains(.planRead) ?? true { all += try safetyPlanReminders(today: today) }
        var failures: [String] = []
        if visibleTo?.contains(.assessmentsRead) ?? true {
            all += try crisisReminders()
            // A schedule that cannot be read never takes the crisis reminders down with it.
            do { all += try instrumentScheduleReminders(today: LocalDay(today)) } catch {
                failures.append("\(error) (the clinic's instrument schedule skipped)")
            }
        }
        // A rule may itself ask for due reminders; it then sees Kith's own sources only.
        if rulesRunning.enter() {
            defer { rulesRunning.leave() }
            let context = ReminderContext(now: now, today: KithTime.formatDate(today))
            for rule in catalog.reminderRules where visibleTo.map(rule.reads.isSubset) ?? true {
                do {
                    all += try rule.check(context).map { try reminder(from: $0, source: rule.source) }
                } catch {
                    failures.append("\(error) (reminder rule \(rule.source) skipped)")
                }
            }
        }
        let hidden = try hiddenReminders(today: KithTime.formatDate(today))
        let due = all.filter { !hidden.contains(ReminderID(source: $0.source, key: $0.key)) }
            .sorted { ($1.priority, $0.due, $0.source, $0.key) < ($0.priority, $1.due, $1.source, $1.key) }
        return ReminderReport(reminders: due, failures: failures)
    }

    /// Marks a reminder done: it is not shown again (a new lapse has a new key).
    public func markReminderDone(source: String, key: String) throws {
        try setReminderState(source: source, key: key, status: "done", until: nil)
    }

    /// Hides a reminder until `until` (a date): it is due again that day.
    public func snoozeReminder(source: String, key: String, until: String) throws {
        guard source != Self.crisisSource else {
            throw KithError.invalid(
                "source",
                "is a reminder to reach someone after a risk answer: it stays until you mark it done, once you have")
        }
        let day = try KithTime.parseDate(until, field: "until")
        guard day > clock.today else {
            throw KithError.invalid("until", "must be a date after today (\(clock.todayText)), got \(quoted(until))")
        }
        try setReminderState(source: source, key: key, status: "snoozed", until: KithTime.formatDate(day))
    }

    private func setReminderState(source: String, key: String, status: String, until: String?) throws {
        let source = try TextInput.clean(source, field: "source", trim: true, allowEmpty: false)
        let key = try TextInput.clean(key, field: "key", trim: true, allowEmpty: false)
        // Only a reminder that is due can be marked: a typo must not be saved silently.
        guard let due = try dueReminders().reminders.first(where: { $0.source == source && $0.key == key }) else {
            throw KithError(.notFound, "No reminder \(source) \(key) is due now", hint: .listDueReminders)
        }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO reminder_state (source, key, status, until, updated_at, title) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (source, key) DO UPDATE SET status = excluded.status, until = excluded.until,
                      updated_at = excluded.updated_at, title = excluded.title
                    """, arguments: [source, key, status, until, clock.nowText, due.title])
        }
    }

    /// Reminders snoozed past today, soonest back first.
    public func snoozedReminders() throws -> [SnoozedReminder] {
        try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT source, key, title, until FROM reminder_state WHERE status = 'snoozed' AND until > ? ORDER BY until, source, key",
                arguments: [clock.todayText]
            ).map { row in
                SnoozedReminder(
                    source: row["source"], key: row["key"],
                    title: String.fromDatabaseValue(row["title"] as DatabaseValue), until: row["until"])
            }
        }
    }

    /// Ends a snooze now: the reminder is due again if it still applies.
    public func cancelSnooze(source: String, key: String) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM reminder_state WHERE source = ? AND key = ? AND status = 'snoozed' AND until > ?",
                arguments: [source, key, clock.todayText])
            guard db.changesCount > 0 else {
                throw KithError(.notFound, "No reminder \(source) \(key) is snoozed", hint: .listSnoozedReminders)
            }
        }
    }

    private struct ReminderID: Hashable { let source: String, key: String }

    private func hiddenReminders(today: String) throws -> Set<ReminderID> {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT source, key FROM reminder_state WHERE status = 'done' OR until > ?", arguments: [today]
            )
            return Set(rows.map { ReminderID(source: $0[0], key: $0[1]) })
        }
    }

    /// People whose cadence has passed since the last contact (or since they were added).
    private func stayInTouchReminders(today: Int) throws -> [Reminder] {
        try people().compactMap { p in
            guard let cadence = p.cadenceDays else { return nil }
            let anchor = p.lastInteractionAt ?? p.createdAt
            guard let anchorSeconds = try? KithTime.parseInstant(anchor, field: "at") else { return nil }
            let lastDay = KithTime.localDay(of: anchorSeconds, timeZone: clock.timeZone)
            let days = today - lastDay
            guard days >= cadence else { return nil }
            let since = p.lastInteractionAt == nil ? "you added \(p.name)" : "you talked to \(p.name)"
            return Reminder(
                key: "person-\(p.id)-\(KithTime.formatDate(lastDay + cadence))", source: Self.stayInTouchSource,
                title: "It's been \(Plural.count(days, "day")) since \(since)",
                due: KithTime.formatDate(lastDay + cadence),
                personId: p.id,
                priority: days >= 2 * cadence || (p.circle == .inner && days > cadence) ? .high : .normal)
        }
    }

    /// Occurrences starting within their event's reminder window from now.
    private func scheduleReminders(now: Int64) throws -> [Reminder] {
        try scheduleEvents().flatMap { event -> [Reminder] in
            // Clamped to what an added event may have: a hand-edited store cannot overflow below.
            guard let minutes = event.remindMinutesBefore.map({ min(max($0, 0), 10080) }) else { return [] }
            return Self.expand(event, from: now, through: now + Int64(minutes) * 60).map { o in
                let start = (try? KithTime.parseInstant(o.starts, field: "starts")) ?? now
                let inMinutes = Int((start - now) / 60)
                let when = inMinutes < 1 ? "now" : "in " + KithTime.spokenMinutes(inMinutes)
                return Reminder(
                    key: "event-\(event.id)-\(o.starts)", source: Self.scheduleSource, title: "\(o.title) \(when)",
                    due: o.starts, personId: o.personId, priority: .normal,
                    alarmAt: KithTime.formatInstant(start - Int64(minutes) * 60))
            }
        }
    }

    private func reminder(from draft: ReminderDraft, source: String) throws -> Reminder {
        let key = try TextInput.clean(draft.key, field: "key", trim: true, allowEmpty: false)
        let title = try TextInput.clean(draft.title, field: "title", trim: true, allowEmpty: false)
        let due = try instant(draft.due, field: "due")
        let person = try draft.person.map { try requirePerson($0).id }
        return Reminder(
            key: key, source: source, title: title, due: draft.due.utf8.count == 10 ? draft.due : due,
            personId: person, priority: draft.priority)
    }

    /// The source of the reminders a risk answer leaves.
    public static let crisisSource = "kith.crisis"

    /// Whether a risk answer's reminder is still open (not marked done).
    public func hasOpenRiskAnswers() throws -> Bool {
        let reminders = try crisisReminders()
        guard !reminders.isEmpty else { return false }
        let hidden = try hiddenReminders(today: clock.todayText)
        return reminders.contains { !hidden.contains(ReminderID(source: $0.source, key: $0.key)) }
    }

    /// One high-priority reminder per risk answer, to reach someone, until it is marked done.
    func crisisReminders() throws -> [Reminder] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT id, at FROM assessment_result WHERE risk IS NOT NULL ORDER BY at")
        }
        guard !rows.isEmpty else { return [] }
        let support = try crisisSupport()
        let reachable = support.contacts.first { $0.phone != nil && !$0.archived }
        var who = reachable.map { "\($0.name) (\($0.phone!))" } ?? "someone you trust"
        if let line = support.line { who += " or \(line.name) (\(line.phone))" }
        return rows.map { row in
            let id: Int64 = row["id"]
            let at: String = row["at"]
            let day = localDay(at)?.text ?? String(at.prefix(10))
            return Reminder(
                key: "result-\(id)", source: Self.crisisSource,
                title: "Reach out today: call \(who). Your answers on \(day) said things are hard right now",
                due: day, personId: reachable?.id, priority: .high)
        }
    }
}

/// A flag that lets only one caller in at a time: a guard against re-entry.
final class ReentrancyFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var active = false

    /// True if not already active (and now is).
    func enter() -> Bool {
        lock.withLock {
            if active { return false }; active = true; return true
        }
    }
    func leave() { lock.withLock { active = false } }
}
