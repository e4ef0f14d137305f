import ArgumentParser
import Foundation
import KithCore

/// `kith remind ...`: what is due now, from every source.
struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "What to do now: stay in touch, upcoming commitments, and plugin rules.",
        discussion: "For a notifier or cron job, poll 'kith remind --json'.",
        subcommands: [RemindDue.self, RemindDone.self, RemindSnooze.self, RemindSnoozed.self, RemindUnsnooze.self],
        defaultSubcommand: RemindDue.self
    )
}

struct RemindDue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due", abstract: "Reminders due now, highest priority first.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Write an iCalendar file (VTODOs with alarms) instead.") var ics = false
    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp("Write an iCalendar file here (implies --ics).", valueName: "file")) var outputFile: String?
    @Option(help: ArgumentHelp("Compute for this instant instead of now.", valueName: "instant")) var at: String?

    func validate() throws {
        if output.json && (ics || outputFile != nil) {
            throw ValidationError("--json and --ics are two different outputs; choose one.")
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        let report = try store.dueReminders(at: at.map { try Instant(parsing: $0, field: "at", clock: store.clock) })
        for failure in report.failures { Terminal.error("kith: \(failure)\n") }
        if ics || outputFile != nil {
            return try CalendarOutput.write(events: [], reminders: report.reminders, store: store, to: outputFile)
        }
        if output.json { return try Output.json(report.reminders) }
        let snoozed = try store.snoozedReminders().count
        let snoozedNote =
            snoozed == 0
            ? ""
            : " \(Output.count(snoozed, "reminder is", "reminders are")) snoozed: 'kith remind snoozed' lists them."
        if report.reminders.isEmpty { return print("Nothing due. Well done." + snoozedNote) }
        for r in report.reminders {
            let mark = r.priority == .high ? "!" : r.priority == .normal ? "-" : " "
            if r.priority == .high {
                Terminal.output("\(mark) \(r.title)", style: .alert); print("")
            } else {
                print("\(mark) \(r.title)")
            }
            print("    \(r.source) \(r.key)")
            if r.source == KithStore.instrumentScheduleSource {
                // The key is INSTRUMENT-YYYY-MM-DD: answering it is what makes it done.
                print("    answer it with 'kith assess \(r.key.dropLast(11))'")
            }
        }
        print(
            "Mark one done with 'kith remind done SOURCE KEY', or 'kith remind snooze SOURCE KEY --until DATE'."
                + snoozedNote)
    }
}

struct RemindDone: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "done", abstract: "Mark a reminder done.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Its source, as 'kith remind' shows it.") var source: String
    @Argument(help: "Its key.") var key: String

    func run() throws {
        try storeOptions.open().markReminderDone(source: source, key: key)
        print("Done: \(source) \(key).")
    }
}

struct RemindSnooze: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snooze", abstract: "Hide a reminder until a date.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Its source, as 'kith remind' shows it.") var source: String
    @Argument(help: "Its key.") var key: String
    @Option(help: ArgumentHelp("The day it is due again.", valueName: "date")) var until: String

    func run() throws {
        try storeOptions.open().snoozeReminder(source: source, key: key, until: until)
        print("Snoozed until \(until): \(source) \(key).")
    }
}

struct RemindSnoozed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snoozed", abstract: "Reminders you snoozed, and when each is back.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let list = try storeOptions.open().snoozedReminders()
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("Nothing is snoozed.") }
        for r in list {
            print("- \(r.title ?? r.key), back on \(r.until)")
            print("    \(r.source) \(r.key)")
        }
        print("End a snooze now with 'kith remind unsnooze SOURCE KEY'.")
    }
}

struct RemindUnsnooze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unsnooze", abstract: "End a snooze now: the reminder is due again if it still applies.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Its source, as 'kith remind snoozed' shows it.") var source: String
    @Argument(help: "Its key.") var key: String

    func run() throws {
        try storeOptions.open().cancelSnooze(source: source, key: key)
        print("No longer snoozed: \(source) \(key).")
    }
}
