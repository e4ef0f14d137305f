import ArgumentParser
import Foundation
import KithCore

/// `kith schedule ...`: recurring commitments.
struct Schedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Meetings, sessions and calls, once or recurring (RFC 5545 rules, in your time zone).",
        subcommands: [ScheduleAdd.self, ScheduleList.self, ScheduleUpcoming.self, ScheduleRemove.self],
        defaultSubcommand: ScheduleList.self
    )
}

struct ScheduleAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a commitment.",
        discussion: "kith schedule add \"Tuesday group\" --starts 2026-03-03T19:00:00-05:00 --person \"Harbor Peer Group\" --duration 90 --repeat weekly --byday TU --remind 60")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What it is.") var title: String
    @Option(help: ArgumentHelp("The first start: an instant with offset (or a date).", valueName: "instant")) var starts: String
    @Option(help: "Who it is with (name or #id).") var person: String?
    @Option(help: ArgumentHelp("Length in minutes.", valueName: "minutes")) var duration = 60
    @Option(name: .customLong("repeat"), help: "daily, weekly or monthly.") var frequency: Recurrence.Frequency?
    @Option(help: "Every N days, weeks or months.") var interval = 1
    @Option(help: ArgumentHelp("Days, comma-separated: TU,TH (monthly: 1TU, -1FR).", valueName: "days")) var byday: String?
    @Option(help: ArgumentHelp("Last day it may occur.", valueName: "date")) var until: String?
    @Option(help: "How many occurrences in all.") var count: Int?
    @Option(help: ArgumentHelp("Remind this many minutes before each occurrence.", valueName: "minutes")) var remind: Int?

    func validate() throws {
        if frequency == nil && (byday != nil || until != nil || count != nil || interval != 1) {
            throw ValidationError("--byday, --interval, --until and --count need --repeat daily|weekly|monthly.")
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        var event = NewScheduleEvent(title: title, starts: starts)
        event.person = try person.map { try store.resolvePerson(typed: $0) }
        event.durationMinutes = duration
        event.remindMinutesBefore = remind
        if let frequency {
            let days = try (byday ?? "").split(separator: ",").map { try Recurrence.Day(String($0).trimmingCharacters(in: .whitespaces)) }
            event.recurrence = try Recurrence(frequency: frequency, interval: interval, byDay: days, until: until, count: count)
        }
        let added = try store.addScheduleEvent(event)
        if output.json { return try Output.json(added) }
        print("Added #\(added.id) \(added.title), first on \(Output.local(added.starts, clock: store.clock))"
              + (added.recurrence.map { ", repeating \($0.rrule(timeZone: store.clock.timeZone))" } ?? "") + ".")
    }
}

struct ScheduleList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List commitments (--ics for a calendar file).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Write an iCalendar file (RFC 5545) instead, for a calendar app.") var ics = false
    @Option(name: .shortAndLong, help: ArgumentHelp("With --ics: write to this file.", valueName: "file")) var outputFile: String?

    func run() throws {
        let store = try storeOptions.open()
        let events = try store.scheduleEvents()
        if ics { return try CalendarOutput.write(events: events, reminders: [], store: store, to: outputFile) }
        if output.json { return try Output.json(events) }
        if events.isEmpty { return print("Nothing scheduled. Add a commitment with 'kith schedule add TITLE --starts INSTANT'.") }
        let names = try CalendarOutput.names(store)
        Output.table(["ID", "TITLE", "FIRST", "REPEATS", "WITH", "REMIND"], events.map { e in
            ["#\(e.id)", e.title, Output.local(e.starts, clock: store.clock), e.recurrence?.rrule(timeZone: e.zone) ?? "once",
             e.personId.flatMap { names[$0] } ?? "-", e.remindMinutesBefore.map { "\($0) min before" } ?? "-"]
        })
    }
}

struct ScheduleUpcoming: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upcoming", abstract: "The next occurrences.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "How many days ahead (1 to 3660).") var days = 14

    func validate() throws {
        guard (1...Int(KithStore.maxOccurrenceWindowDays)).contains(days) else {
            throw ValidationError("--days must be from 1 to \(KithStore.maxOccurrenceWindowDays), got \(days)")
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        let list = try store.occurrences(since: store.clock.nowText, until: KithTime.formatDate(store.clock.today + days))
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("Nothing in the next \(days) days.") }
        let names = try CalendarOutput.names(store)
        Output.table(["WHEN", "WHAT", "WITH", "UNTIL"], list.map { o in
            [Output.local(o.starts, clock: store.clock), o.title, o.personId.flatMap { names[$0] } ?? "-",
             String(Output.local(o.ends, clock: store.clock).suffix(5))]
        })
    }
}

struct ScheduleRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a commitment.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The event's id (see 'kith schedule list').") var id: String

    func run() throws {
        guard let number = Int64(id.hasPrefix("#") ? String(id.dropFirst()) : id) else {
            throw KithError.invalid("id", "must be an event number like 3 or #3, got \"\(id)\"")
        }
        try storeOptions.open().removeScheduleEvent(number)
        print("Removed #\(number).")
    }
}

extension Recurrence.Frequency: ExpressibleByArgument {}

/// iCalendar files for `kith schedule list --ics` and `kith remind --ics`.
enum CalendarOutput {
    static func names(_ store: KithStore) throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try store.people(PeopleFilter(archived: nil)).map { ($0.id, $0.name) })
    }

    static func write(events: [ScheduleEvent], reminders: [Reminder], store: KithStore, to file: String?) throws {
        let text = ICalendar.document(events: events, reminders: reminders, names: try names(store), now: store.clock.now())
        guard let file else { return Terminal.output(text) }
        try PrivateFile.write(Data(text.utf8), to: file)
        Terminal.error("Wrote \(file).\n")
    }
}
