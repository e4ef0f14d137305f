import Foundation
import Testing
@testable import KithCore

@Suite("Reminders: stay in touch, schedule, plugin rules, done and snooze")
struct ReminderTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// A store whose clock can be moved.
    final class Movable: @unchecked Sendable {
        var now: Int64
        init(_ text: String) { now = try! KithTime.parseInstant(text, field: "now") }
        func set(_ text: String) { now = try! KithTime.parseInstant(text, field: "now") }
    }

    func store(_ clock: Movable) throws -> KithStore {
        try KithStore.inMemory(clock: KithClock(now: { clock.now }, timeZone: Self.utc))
    }

    @Test("stay-in-touch reminders appear when the cadence passes and clear when you get in touch")
    func stayInTouch() throws {
        let clock = Movable("2026-03-01T09:00:00Z")
        let s = try store(clock)
        var ana = NewPerson(name: "Ana", type: "family")
        ana.circle = .inner
        ana.cadenceDays = .some(7)
        _ = try s.addPerson(ana)
        var sam = NewPerson(name: "Sam", type: "friend")
        sam.cadenceDays = .some(nil)
        _ = try s.addPerson(sam)
        clock.set("2026-03-07T09:00:00Z")
        #expect(try s.dueReminders().reminders.isEmpty)
        clock.set("2026-03-13T09:00:00Z")
        let due = try s.dueReminders().reminders
        #expect(due.count == 1)
        #expect(due.first?.title == "It's been 12 days since you added Ana")
        #expect(
            due.first?.source == "kith.stay-in-touch" && due.first?.key == "person-1-2026-03-08"
                && due.first?.priority == .high)
        _ = try s.logInteraction(NewInteraction(person: .name("Ana"), channel: .call))
        #expect(try s.dueReminders().reminders.isEmpty)
        clock.set("2026-03-21T09:00:00Z")
        #expect(try s.dueReminders().reminders.first?.title == "It's been 8 days since you talked to Ana")
    }

    @Test("done and snooze persist, and unknown reminders cannot be marked")
    func doneAndSnooze() throws {
        let clock = Movable("2026-03-01T09:00:00Z")
        let s = try store(clock)
        for name in ["Ana", "Bo"] {
            var p = NewPerson(name: name, type: "friend")
            p.cadenceDays = .some(3)
            _ = try s.addPerson(p)
        }
        clock.set("2026-03-05T09:00:00Z")
        let due = try s.dueReminders().reminders
        #expect(due.count == 2)
        try s.markReminderDone(source: due[0].source, key: due[0].key)
        try s.snoozeReminder(source: due[1].source, key: due[1].key, until: "2026-03-07")
        #expect(try s.dueReminders().reminders.isEmpty)
        clock.set("2026-03-07T09:00:00Z")
        #expect(try s.dueReminders().reminders.map(\.key) == [due[1].key])
        let unknown = #expect(throws: KithError.self) {
            try s.markReminderDone(source: "kith.stay-in-touch", key: "nope")
        }
        #expect(unknown?.kind == .notFound)
        let past = #expect(throws: KithError.self) {
            try s.snoozeReminder(source: due[1].source, key: due[1].key, until: "2026-03-01")
        }
        #expect(past?.field == "until")
    }

    @Test("schedule reminders fall inside the event's window, with an alarm time")
    func scheduleWindow() throws {
        let clock = Movable("2026-03-03T17:30:00Z")
        let s = try store(clock)
        var group = NewScheduleEvent(title: "Tuesday group", starts: "2026-03-03T19:00:00Z")
        group.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("TU")])
        group.remindMinutesBefore = 60
        _ = try s.addScheduleEvent(group)
        #expect(try s.dueReminders().reminders.isEmpty)
        clock.set("2026-03-10T18:15:00Z")
        let due = try #require(try s.dueReminders().reminders.first)
        #expect(
            due.title == "Tuesday group in 45 min" && due.due == "2026-03-10T19:00:00Z"
                && due.alarmAt == "2026-03-10T18:00:00Z")
        #expect(due.key == "event-1-2026-03-10T19:00:00Z")
    }

    @Test("plugin rules add reminders; a failing rule is reported and skipped; order is priority then due")
    func rules() throws {
        let clock = Movable("2026-03-05T09:00:00Z")
        let catalog = Catalog()
        let s = try KithStore.inMemory(catalog: catalog, clock: KithClock(now: { clock.now }, timeZone: Self.utc))
        _ = try s.addPerson(NewPerson(name: "Ana", type: "family"))
        try catalog.define(
            ReminderRule(source: "p/low", title: "Low", reads: []) { ctx in
                [
                    ReminderDraft(
                        key: ctx.today, title: "Call Ana", due: ctx.today, person: .name("Ana"), priority: .high),
                    ReminderDraft(key: "later", title: "Later", due: "2026-03-01", priority: .low),
                ]
            })
        try catalog.define(
            ReminderRule(source: "p/broken", title: "Broken", reads: []) { _ in
                throw KithError(.invalidInput, "[p] init.lua:9: boom")
            })
        try catalog.define(
            ReminderRule(source: "p/ghost", title: "Ghost", reads: []) { _ in
                [ReminderDraft(key: "g", title: "Who?", due: "2026-03-05", person: .name("Nobody"))]
            })
        let report = try s.dueReminders()
        #expect(report.reminders.map(\.title) == ["Call Ana", "Later"])
        #expect(report.reminders.first?.personId == 1 && report.reminders.first?.source == "p/low")
        #expect(report.failures.count == 2)
        #expect(report.failures.contains("[p] init.lua:9: boom (reminder rule p/broken skipped)"))
        #expect(report.failures.contains { $0.contains("No one named \"Nobody\"") && $0.contains("p/ghost") })
    }

    @Test("the calendar export escapes text, folds long lines and keeps UIDs stable")
    func icsShape() throws {
        let clock = Movable("2026-03-01T09:00:00Z")
        let s = try store(clock)
        var e = NewScheduleEvent(
            title: "Group; with, commas and a very long title that goes on and on past the fold",
            starts: "2026-03-03T19:00:00Z")
        e.remindMinutesBefore = 30
        _ = try s.addScheduleEvent(e)
        let first = ICalendar.document(events: try s.scheduleEvents(), reminders: [], names: [:], now: clock.now)
        let second = ICalendar.document(events: try s.scheduleEvents(), reminders: [], names: [:], now: clock.now)
        #expect(first == second)
        #expect(first.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(
            first.contains(
                "SUMMARY:Group\\; with\\, commas and a very long title that goes on and on pas\r\n t the fold"))
        #expect(first.contains("TRIGGER:-PT30M"))
        #expect(first.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
    }
}
