import ArgumentParser
import Foundation
import KithCore

/// `kith journal ...`: the recovery journal.
struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Write, list and search your recovery journal.",
        subcommands: [
            JournalAdd.self, JournalList.self, JournalShow.self, JournalSearch.self, JournalEdit.self,
            JournalDelete.self,
        ],
        defaultSubcommand: JournalList.self
    )
}

struct JournalAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a journal entry.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What happened, how you feel; '-' reads it from standard input; none opens $EDITOR on a terminal.")
    var text: String = ""
    @Option(help: "Mood from 1 (very low) to 5 (very good).") var mood: Int?
    @Option(name: .customLong("tag"), help: "A tag (repeatable).") var tags: [String] = []
    @Option(
        name: .customLong("metric"),
        help: ArgumentHelp("A metric, id=value (repeatable): sleep_hours=7.5, craving=2.", valueName: "id=value"))
    var metrics: [String] = []
    @Option(name: .customLong("person"), help: "Someone the entry mentions (repeatable).") var people: [String] = []
    @Option(help: ArgumentHelp("When (default now).", valueName: "instant")) var at: String?

    func run() throws {
        let store = try storeOptions.open()
        var new = NewJournalEntry()
        new.at = at
        new.mood = mood
        new.text = try Self.longText(
            text, alone: mood == nil && tags.isEmpty && metrics.isEmpty, sealed: store.isEncrypted)
        new.tags = tags
        new.people = try people.map { try store.resolvePerson(typed: $0, field: "person") }
        new.metrics = try store.catalog.parseMetrics(metrics)
        let entry = try store.addJournalEntry(new)
        if output.json {
            try Output.json(entry)
        } else {
            print("Added entry #\(entry.id) at \(Output.local(entry.at, clock: store.clock)).")
        }
    }
}

extension JournalAdd {
    /// The entry's text: as given; all of standard input for `-`; or, with nothing else given
    /// on a terminal, what the person writes in their editor (as jrnl does), for long entries.
    static func longText(_ text: String, alone: Bool, sealed: Bool) throws -> String {
        if text == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let read = String(validating: data, as: UTF8.self) else {
                throw KithError.invalid("text", "from standard input must be UTF-8 text")
            }
            return read.trimmingCharacters(in: .newlines)
        }
        guard text.isEmpty, alone, isatty(STDIN_FILENO) == 1 else { return text }
        let folder = try ScratchFolder.make("kith-entry")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("entry.txt").path
        try PrivateFile.write(Data(), to: file)
        try Editor.edit(file, offered: "", draft: "journal-draft.txt", sealed: sealed)
        let written = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard !written.allSatisfy(\.isWhitespace) else {
            throw KithError(.invalidInput, "The entry was left empty; nothing was added.")
        }
        return written.trimmingCharacters(in: .newlines)
    }

}

struct JournalEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change an entry: each option given replaces that part of it.",
        discussion:
            "--tag replaces every tag (give --no-tags to remove them all); --metric adds or replaces one metric. 'kith undo' reverses the edit."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The entry's id (#12 or 12).") var id: String
    @Option(help: "The new text.") var text: String?
    @Option(help: "The new mood, 1 to 5.") var mood: Int?
    @Flag(help: "Remove the mood.") var noMood = false
    @Option(name: .customLong("tag"), help: "A tag (repeatable): the entry's tags become these.") var tags: [String] =
        []
    @Flag(help: "Remove every tag.") var noTags = false
    @Option(name: .customLong("metric"), help: ArgumentHelp("A metric, id=value (repeatable).", valueName: "id=value"))
    var metrics: [String] = []
    @Option(help: ArgumentHelp("When.", valueName: "instant")) var at: String?

    func run() throws {
        let store = try storeOptions.open()
        var changes = JournalChanges()
        changes.text = text
        changes.at = at
        if noMood { changes.mood = .some(nil) } else if let mood { changes.mood = .some(mood) }
        if noTags { changes.tags = [] } else if !tags.isEmpty { changes.tags = tags }
        if !metrics.isEmpty { changes.metrics = try store.catalog.parseMetrics(metrics) }
        guard text != nil || at != nil || changes.mood != nil || changes.tags != nil || changes.metrics != nil else {
            throw ValidationError(
                "Say what to change: --text, --mood (or --no-mood), --tag (or --no-tags), --metric or --at.")
        }
        let entry = try store.updateJournalEntry(try EntryID.parse(id), changes)
        if output.json { return try Output.json(entry) }
        print("Changed entry #\(entry.id). 'kith undo' reverses it.")
    }
}

struct JournalDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete an entry ('kith undo' brings it back).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The entry's id (#12 or 12).") var id: String

    func run() throws {
        let entry = try storeOptions.open().deleteJournalEntry(try EntryID.parse(id))
        print("Deleted entry #\(entry.id). 'kith undo' brings it back; 'kith history' lists recent changes.")
    }
}

/// An id as a person types it: `12`, or `#12` (which a shell takes for a comment unless quoted).
enum EntryID {
    static func parse(_ text: String, field: String = "id") throws -> Int64 {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let id = Int64(digits), id > 0 else {
            throw KithError.invalid(field, "must be a number like 12 or #12, got \"\(text)\"")
        }
        return id
    }
}

struct JournalList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List entries, newest first.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("From this date or instant.", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Up to this date (inclusive) or instant.", valueName: "date")) var until: String?
    @Option(help: "Only entries with this tag.") var tag: String?
    @Option(help: "At most this many.") var limit: Int?
    @Flag(help: "One line per entry: its number, time and first line.") var short = false

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        let entries = try store.journalEntries(
            JournalFilter(
                since: TimeBound(parsing: since, field: "since", clock: store.clock),
                until: TimeBound(parsing: until, field: "until", clock: store.clock), tag: tag, limit: limit))
        if output.json { return try Output.json(entries) }
        if entries.isEmpty {
            return print("No entries in that period. Write one with 'kith journal add \"...\" --mood 3'.")
        }
        if short { return JournalPrinter(store: store).printShort(entries) }
        JournalPrinter(store: store).printList(entries)
    }
}

struct JournalShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one entry.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The entry's id, as 12 or #12.") var id: String

    func run() throws {
        let store = try storeOptions.open()
        let id = try EntryID.parse(id)
        guard let entry = try store.journalEntry(id) else {
            throw KithError(.notFound, "There is no journal entry #\(id). Run 'kith journal list' to see entries.")
        }
        let versions = try store.journalVersions(id)
        if output.json { return try Output.json(JournalEntryWithVersions(entry: entry, otherVersions: versions)) }
        JournalPrinter(store: store).printList([entry])
        for version in versions {
            print("\nAlso written on another device (\(Output.local(version.writtenAt, clock: store.clock))):")
            print(
                version.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(
                    separator: "\n"))
        }
    }
}

/// An entry as `kith journal show --json` gives it: its fields, and the other versions of its
/// text that sync kept.
struct JournalEntryWithVersions: Encodable {
    let entry: JournalEntry
    let otherVersions: [JournalVersion]

    func encode(to encoder: Encoder) throws {
        try entry.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        if !otherVersions.isEmpty { try container.encode(otherVersions, forKey: Key(stringValue: "other_versions")!) }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

struct JournalSearch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Full-text search: words, \"phrases\", prefix*, OR, NOT.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What to look for.") var query: String
    @Option(help: "At most this many.") var limit: Int?
    @Flag(help: "One line per entry: its number, time and first line.") var short = false

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        let entries = try store.searchJournal(query, limit: limit)
        if output.json { return try Output.json(entries) }
        if entries.isEmpty { return print("No entry mentions \"\(query)\".") }
        if short { return JournalPrinter(store: store).printShort(entries) }
        JournalPrinter(store: store).printList(entries)
    }
}

/// Text layout of journal entries.
struct JournalPrinter {
    let store: KithStore

    /// One line each: "#12  2026-03-01 21:00  First line of the text".
    func printShort(_ entries: [JournalEntry]) {
        var out = ""
        for e in entries {
            let first = e.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            out += "#\(e.id)  \(Output.local(e.at, clock: store.clock))  \(PlainText.line(first))\n"
        }
        Terminal.output(out)
    }

    func printList(_ entries: [JournalEntry]) {
        let names = Dictionary(
            uniqueKeysWithValues: ((try? store.people(PeopleFilter(archived: nil))) ?? []).map { ($0.id, $0.name) })
        for e in entries {
            var head = "#\(e.id)  \(Output.local(e.at, clock: store.clock))"
            if let mood = e.mood { head += "  mood \(mood)/5" }
            if !e.tags.isEmpty { head += "  " + e.tags.map { "#" + $0 }.joined(separator: " ") }
            print(head)
            if !e.metrics.isEmpty {
                print(
                    "    "
                        + e.metrics.keys.sorted().map { "\($0)=\(e.metrics[$0]!.description)" }.joined(separator: "  "))
            }
            if !e.people.isEmpty { print("    with " + e.people.map { names[$0] ?? "#\($0)" }.joined(separator: ", ")) }
            if !e.text.isEmpty { print("    " + Output.wrapped(e.text, indent: "    ")) }
        }
    }
}
