import ArgumentParser
import Foundation
import KithCore

/// `kith journal ...`: the recovery journal.
struct Journal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Write, list and search your recovery journal.",
        subcommands: [JournalAdd.self, JournalList.self, JournalShow.self, JournalSearch.self],
        defaultSubcommand: JournalList.self
    )
}

struct JournalAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a journal entry.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What happened, how you feel.") var text: String = ""
    @Option(help: "Mood from 1 (very low) to 5 (very good).") var mood: Int?
    @Option(name: .customLong("tag"), help: "A tag (repeatable).") var tags: [String] = []
    @Option(name: .customLong("metric"), help: ArgumentHelp("A metric, id=value (repeatable): sleep_hours=7.5, craving=2.", valueName: "id=value"))
    var metrics: [String] = []
    @Option(name: .customLong("person"), help: "Someone the entry mentions (repeatable).") var people: [String] = []
    @Option(help: ArgumentHelp("When (default now).", valueName: "instant")) var at: String?

    func run() throws {
        let store = try storeOptions.open()
        var new = NewJournalEntry()
        new.at = at
        new.mood = mood
        new.text = text
        new.tags = tags
        new.people = people.map(PersonReference.init(argument:))
        for pair in metrics {
            guard let eq = pair.firstIndex(of: "=") else {
                throw KithError.invalid("metric", "must be id=value, like sleep_hours=7.5, got \"\(pair)\"")
            }
            let id = String(pair[..<eq]), value = String(pair[pair.index(after: eq)...])
            guard let def = store.catalog.metric(id) else {
                _ = try store.catalog.validateMetric(id, .text(value))  // throws the unknown-metric message
                continue
            }
            new.metrics[id] = try def.parse(value)
        }
        let entry = try store.addJournalEntry(new)
        if output.json { try Output.json(entry) } else { print("Added entry #\(entry.id) at \(Output.local(entry.at, clock: store.clock)).") }
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

    func run() throws {
        let store = try storeOptions.open()
        let entries = try store.journalEntries(JournalFilter(since: since, until: until, tag: tag, limit: limit))
        if output.json { return try Output.json(entries) }
        if entries.isEmpty { return print("No entries in that period. Write one with 'kith journal add \"...\" --mood 3'.") }
        JournalPrinter(store: store).printList(entries)
    }
}

struct JournalShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one entry.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The entry's id.") var id: Int64

    func run() throws {
        let store = try storeOptions.open()
        guard let entry = try store.journalEntry(id) else {
            throw KithError(.notFound, "There is no journal entry #\(id). Run 'kith journal list' to see entries.")
        }
        if output.json { return try Output.json(entry) }
        JournalPrinter(store: store).printList([entry])
    }
}

struct JournalSearch: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Full-text search: words, \"phrases\", prefix*, OR, NOT.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "What to look for.") var query: String
    @Option(help: "At most this many.") var limit: Int?

    func run() throws {
        let store = try storeOptions.open()
        let entries = try store.searchJournal(query, limit: limit)
        if output.json { return try Output.json(entries) }
        if entries.isEmpty { return print("No entry mentions \"\(query)\".") }
        JournalPrinter(store: store).printList(entries)
    }
}

/// Text layout of journal entries.
struct JournalPrinter {
    let store: KithStore

    func printList(_ entries: [JournalEntry]) {
        let names = Dictionary(uniqueKeysWithValues: ((try? store.people(PeopleFilter(archived: nil))) ?? []).map { ($0.id, $0.name) })
        for e in entries {
            var head = "#\(e.id)  \(Output.local(e.at, clock: store.clock))"
            if let mood = e.mood { head += "  mood \(mood)/5" }
            if !e.tags.isEmpty { head += "  " + e.tags.map { "#" + $0 }.joined(separator: " ") }
            print(head)
            if !e.metrics.isEmpty {
                print("    " + e.metrics.keys.sorted().map { "\($0)=\(e.metrics[$0]!.description)" }.joined(separator: "  "))
            }
            if !e.people.isEmpty { print("    with " + e.people.map { names[$0] ?? "#\($0)" }.joined(separator: ", ")) }
            if !e.text.isEmpty { print("    " + e.text.replacingOccurrences(of: "\n", with: "\n    ")) }
        }
    }
}
