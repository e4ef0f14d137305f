import ArgumentParser
import Foundation
import KithCore

/// `kith log NAME`: record a contact.
struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Log an interaction with someone in your network.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Name or #id.") var person: String
    @Option(help: "in_person, call, text, video, group_meeting or online.") var channel: Channel = .inPerson
    @Option(help: ArgumentHelp("Support you received, comma-separated dimensions.", valueName: "dims")) var received:
        String?
    @Option(help: ArgumentHelp("Support you gave, comma-separated dimensions.", valueName: "dims")) var gave: String?
    @Option(help: "How helpful it was, 1 to 5.") var helpfulness: Int?
    @Option(help: "A short note.") var note: String?
    @Option(help: ArgumentHelp("When it happened (default now).", valueName: "instant")) var at: String?

    func run() throws {
        let store = try storeOptions.open()
        var new = NewInteraction(person: try store.resolvePerson(typed: person), channel: channel)
        new.received = try dimensionList(received, field: "received")
        new.gave = try dimensionList(gave, field: "gave")
        new.helpfulness = helpfulness
        new.note = note
        new.at = at
        let logged = try store.logInteraction(new)
        if output.json { return try Output.json(logged) }
        let who = try store.requirePerson(.id(logged.personId))
        print(
            "Logged \(Output.words(logged.channel.rawValue)) with \(who.name) at \(Output.local(logged.at, clock: store.clock))."
        )
    }
}

/// `kith interactions list`.
struct Interactions: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interactions",
        abstract: "List interactions.", subcommands: [InteractionsList.self, InteractionsDelete.self],
        defaultSubcommand: InteractionsList.self)
}

struct InteractionsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List interactions, newest first.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only with this person (name or #id).") var person: String?
    @Option(help: ArgumentHelp("From this date or instant.", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Up to this date (inclusive) or instant.", valueName: "date")) var until: String?
    @Option(help: "At most this many.") var limit: Int?

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        let list = try store.interactions(
            InteractionFilter(
                person: try person.map { try store.resolvePerson(typed: $0) },
                since: TimeBound(parsing: since, field: "since", clock: store.clock),
                until: TimeBound(parsing: until, field: "until", clock: store.clock), limit: limit))
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("No interactions in that period. Log one with 'kith log NAME --channel call'.") }
        let names = Dictionary(
            uniqueKeysWithValues: try store.people(PeopleFilter(archived: nil)).map { ($0.id, $0.name) })
        Output.table(
            ["WHEN", "WHO", "CHANNEL", "RECEIVED", "GAVE", "HELPED", "NOTE"],
            list.map { i in
                [
                    Output.local(i.at, clock: store.clock), names[i.personId] ?? "#\(i.personId)",
                    Output.words(i.channel.rawValue),
                    i.received.map(\.rawValue).joined(separator: ","), i.gave.map(\.rawValue).joined(separator: ","),
                    i.helpfulness.map(String.init) ?? "-", i.note ?? "",
                ]
            })
    }
}

/// Parses a comma-separated list of dimensions from an option.
func dimensionList(_ text: String?, field: String) throws -> [SupportDimension] {
    guard let text else { return [] }
    let words = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return try Vocabulary.dimensions(words, field: field)
}

struct InteractionsDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete an interaction ('kith undo' brings it back).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The interaction's id (#7 or 7).") var id: String

    func run() throws {
        let interaction = try storeOptions.open().deleteInteraction(try EntryID.parse(id))
        print("Deleted interaction #\(interaction.id). 'kith undo' brings it back.")
    }
}
