import ArgumentParser
import Foundation
import KithCore

/// `kith remind ...`: what is due now, from every source.
struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remind",
        abstract: "What to do now: stay in touch, upcoming commitments, and plugin rules.",
        discussion: "For a notifier or cron job, poll 'kith remind --json'.",
        subcommands: [RemindDue.self, RemindDone.self, RemindSnooze.self],
        defaultSubcommand: RemindDue.self
    )
}

struct RemindDue: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Reminders due now, highest priority first.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Write an iCalendar file (VTODOs with alarms) instead.") var ics = false
    @Option(name: .shortAndLong, help: ArgumentHelp("With --ics: write to this file.", valueName: "file")) var outputFile: String?
    @Option(help: ArgumentHelp("Compute for this instant instead of now.", valueName: "instant")) var at: String?

    func run() throws {
        let store = try storeOptions.open()
        let report = try store.dueReminders(at: at)
        for failure in report.failures { Terminal.error("kith: \(failure)\n") }
        if ics { return try CalendarOutput.write(events: [], reminders: report.reminders, store: store, to: outputFile) }
        if output.json { return try Output.json(report.reminders) }
        if report.reminders.isEmpty { return print("Nothing due. Well done.") }
        for r in report.reminders {
            let mark = r.priority == .high ? "!" : r.priority == .normal ? "-" : " "
            print("\(mark) \(r.title)")
            print("    \(r.source) \(r.key)")
        }
        print("Mark one done with 'kith remind done SOURCE KEY', or 'kith remind snooze SOURCE KEY --until DATE'.")
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
