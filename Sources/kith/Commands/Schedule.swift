import ArgumentParser
import Foundation
import KithCore

/// `kith schedule ...`: recurring commitments.
struct Schedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Meetings, sessions and calls, once or recurring (RFC 5545 rules, in your time zone).",
        subcommands: [
            ScheduleAdd.self, ScheduleList.self, ScheduleUpcoming.self, ScheduleEdit.self, ScheduleSkip.self,
            ScheduleUnskip.self, ScheduleRemove.self,
        ],
        defaultSubcommand: ScheduleList.self
    )
}

/// The recurrence options `add` and `edit` share.
struct RecurrenceOptions: ParsableArguments {
    @Option(name: .customLong("repeat"), help: "daily, weekly or monthly.") var frequency: Recurrence.Frequency?
    @Option(help: "Every N days, weeks or months.") var interval: Int?
    @Option(
        help: ArgumentHelp(
            "Days, comma-separated: TU,TH (monthly: 1TU for the first Tuesday, -1FR for the last Friday).",
            valueName: "days")) var byday: String?
    @Option(help: ArgumentHelp("Last day it may occur.", valueName: "date")) var until: String?
    @Option(help: "How many occurrences in all.") var count: Int?

    var anyRuleOption: Bool { byday != nil || until != nil || count != nil || interval != nil }

    func validate() throws {
        if frequency == nil && anyRuleOption {
            throw ValidationError("--byday, --interval, --until and --count need --repeat daily|weekly|monthly.")
        }
    }

    /// The rule the options describe, nil without --repeat.
    func rule() throws -> Recurrence? {
        guard let frequency else { return nil }
        let days = try (byday ?? "").split(separator: ",").map {
            try Recurrence.Day(String($0).trimmingCharacters(in: .whitespaces))
        }
        return try Recurrence(frequency: frequency, interval: interval ?? 1, byDay: days, until: until, count: count)
    }
}

struct ScheduleAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a commitment.",
        discussion: """
            kith schedule add "Tuesday group" --starts 2026-03-03T19:00 --person "Harbor Peer Group" --duration 90 --repeat weekly --byday TU --remind 60

            A start without an offset is in your time zone; a date alone starts at midnight.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What it is.") var title: String
    @Option(
        help: ArgumentHelp(
            "The first start: 2026-03-03T19:00 (your zone), with an offset, or a date.", valueName: "time")) var starts:
        String
    @Option(help: "Who it is with (name or id).") var person: String?
    @Option(help: ArgumentHelp("Length in minutes.", valueName: "minutes")) var duration = 60
    @OptionGroup var rule: RecurrenceOptions
    @Option(help: ArgumentHelp("Remind this many minutes before each occurrence.", valueName: "minutes")) var remind:
        Int?

    func run() throws {
        let store = try storeOptions.open()
        var event = NewScheduleEvent(title: title, starts: starts)
        event.person = try person.map { try store.resolvePerson(typed: $0) }
        event.durationMinutes = duration
        event.remindMinutesBefore = remind
        event.recurrence = try rule.rule()
        let added = try store.addScheduleEvent(event)
        if output.json { return try Output.json(added) }
        print(
            "Added #\(added.id) \(added.title), first on \(Output.local(added.starts, clock: store.clock))"
                + (added.recurrence.map { ", repeating \($0.summary)" } ?? "") + ".")
    }
}

struct ScheduleList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List commitments (--ics or -o FILE for a calendar file).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Write an iCalendar file (RFC 5545) instead, for a calendar app.") var ics = false
    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Write an iCalendar file here (implies --ics).", valueName: "file")) var outputFile: String?

    func validate() throws {
        if output.json && (ics || outputFile != nil) {
            throw ValidationError("--json and --ics are two different outputs; choose one.")
        }
    }

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        let events = try store.scheduleEvents()
        if ics || outputFile != nil {
            return try CalendarOutput.write(events: events, reminders: [], store: store, to: outputFile)
        }
        if output.json { return try Output.json(events) }
        if events.isEmpty {
            return print("Nothing scheduled. Add a commitment with 'kith schedule add TITLE --starts TIME'.")
        }
        let names = try CalendarOutput.names(store)
        Output.table(
            ["ID", "TITLE", "FIRST", "REPEATS", "WITH", "REMIND"],
            events.map { e in
                [
                    "#\(e.id)", e.title, Output.local(e.starts, clock: store.clock),
                    (e.recurrence?.summary ?? "once")
                        + (e.skipped.isEmpty ? "" : " (skipping \(e.skipped.joined(separator: ", ")))"),
                    e.personId.flatMap { names[$0] } ?? "-",
                    e.remindMinutesBefore.map { KithTime.spokenMinutes($0) + " before" } ?? "-",
                ]
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

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        let list = try store.occurrences(
            since: .instant(store.clock.nowInstant), until: .day(store.clock.localToday + days))
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("Nothing in the next \(Output.count(days, "day")).") }
        let names = try CalendarOutput.names(store)
        Output.table(
            ["WHEN", "WHAT", "ID", "WITH", "UNTIL"],
            list.map { o in
                [
                    Output.local(o.starts, clock: store.clock), o.title, "#\(o.eventId)",
                    o.personId.flatMap { names[$0] } ?? "-",
                    String(Output.local(o.ends, clock: store.clock).suffix(5)),
                ]
            })
        print("Skip one with 'kith schedule skip ID --on DATE'; change one with 'kith schedule edit ID'.")
    }
}

struct ScheduleEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change a commitment; what you do not give stays as it is.",
        discussion: """
            kith schedule edit 3 --starts 2026-03-05T18:30 --duration 60
            kith schedule edit 3 --repeat weekly --byday TH       (a new rule replaces the old one)
            kith schedule edit 3 --once --no-remind --no-person
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The event's id (see 'kith schedule list').") var id: String
    @Option(help: "A new title.") var title: String?
    @Option(help: ArgumentHelp("A new first start, in your time zone unless it has an offset.", valueName: "time"))
    var starts: String?
    @Option(help: "Who it is with (name or id).") var person: String?
    @Flag(help: "With no one.") var noPerson = false
    @Option(help: ArgumentHelp("Length in minutes.", valueName: "minutes")) var duration: Int?
    @OptionGroup var rule: RecurrenceOptions
    @Flag(help: "Stop repeating: only the first occurrence stays.") var once = false
    @Option(help: ArgumentHelp("Remind this many minutes before.", valueName: "minutes")) var remind: Int?
    @Flag(help: "No reminder.") var noRemind = false

    func validate() throws {
        if person != nil && noPerson {
            throw ValidationError("--person and --no-person contradict each other; give one.")
        }
        if remind != nil && noRemind {
            throw ValidationError("--remind and --no-remind contradict each other; give one.")
        }
        if once && rule.frequency != nil {
            throw ValidationError("--once and --repeat contradict each other; give one.")
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        var changes = ScheduleEventChanges()
        changes.title = title
        changes.starts = starts
        if noPerson {
            changes.person = .some(nil)
        } else if let person {
            changes.person = .some(try store.resolvePerson(typed: person))
        }
        changes.durationMinutes = duration
        if once {
            changes.recurrence = .some(nil)
        } else if let rule = try rule.rule() {
            changes.recurrence = .some(rule)
        }
        if noRemind {
            changes.remindMinutesBefore = .some(nil)
        } else if let remind {
            changes.remindMinutesBefore = .some(remind)
        }
        let event = try store.updateScheduleEvent(try EntryID.parse(id), changes)
        if output.json { return try Output.json(event) }
        print(
            "Changed #\(event.id) \(event.title): first on \(Output.local(event.starts, clock: store.clock)), "
                + (event.recurrence?.summary ?? "once") + ". 'kith undo' puts it back.")
    }
}

struct ScheduleSkip: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "skip", abstract: "Skip one occurrence (the others stay).",
        discussion: "kith schedule skip 3 --on 2026-03-10   (also today, tomorrow; 'kith schedule unskip' puts it back)"
    )

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The event's id.") var id: String
    @Option(help: ArgumentHelp("The day of the occurrence to skip, in your time zone.", valueName: "date")) var on:
        String

    func run() throws {
        let store = try storeOptions.open()
        let skipped = try store.skipOccurrence(of: try EntryID.parse(id), on: on)
        print("Skipped \(skipped.title) on \(Output.local(skipped.starts, clock: store.clock)).")
    }
}

struct ScheduleUnskip: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unskip", abstract: "Put a skipped occurrence back.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The event's id.") var id: String
    @Option(help: ArgumentHelp("The day of the skipped occurrence.", valueName: "date")) var on: String

    func run() throws {
        let number = try EntryID.parse(id)
        try storeOptions.open().unskipOccurrence(of: number, on: on)
        print("#\(number) happens on \(on) again.")
    }
}

struct ScheduleRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a commitment, every occurrence.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The event's id (see 'kith schedule list').") var id: String

    func run() throws {
        let number = try EntryID.parse(id)
        try storeOptions.open().removeScheduleEvent(number)
        print("Removed #\(number). 'kith undo' brings it back.")
    }
}

extension Recurrence.Frequency: ExpressibleByArgument {}

/// iCalendar files for `kith schedule list --ics` and `kith remind --ics`.
enum CalendarOutput {
    static func names(_ store: KithStore) throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try store.people(PeopleFilter(archived: nil)).map { ($0.id, $0.name) })
    }

    static func write(events: [ScheduleEvent], reminders: [Reminder], store: KithStore, to file: String?) throws {
        let text = ICalendar.document(
            events: events, reminders: reminders, names: try names(store), now: store.clock.now())
        guard let file else { return Terminal.output(text) }
        try PrivateFile.write(Data(text.utf8), to: file)
        Terminal.error("Wrote \(file).\n")
    }
}
