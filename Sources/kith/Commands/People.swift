import Foundation
import ArgumentParser
import KithCore

/// `kith people ...`: the support network.
struct People: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people",
        abstract: "Add, list, show, edit and archive the people, groups and services in your network.",
        subcommands: [
            PeopleAdd.self, PeopleList.self, PeopleShow.self, PeopleEdit.self, PeopleArchive.self, PeopleRestore.self,
            PeopleDelete.self,
        ],
        defaultSubcommand: PeopleList.self
    )
}

/// Fields of a person shared by `people add` and `people edit`.
struct PersonFieldOptions: ParsableArguments {
    @Option(help: "Support type: family, friend, peer, professional, community, online, or one a plugin defines.")
    var type: String?
    @Option(help: "person, group (a meeting) or service (a crisis line).")
    var kind: PersonKind?
    @Option(
        help: ArgumentHelp(
            "Dimensions they provide, comma-separated: emotional,informational,practical.", valueName: "dims"))
    var provides: String?
    @Option(help: "inner, middle or outer.")
    var circle: Circle?
    @Option(help: ArgumentHelp("Stay-in-touch reminder every N days.", valueName: "days"))
    var cadence: Int?
    @Flag(help: "No stay-in-touch reminder.")
    var noCadence = false
    @Option var phone: String?
    @Option var email: String?
    @Option var notes: String?
    @Flag(inversion: .prefixedNo, help: "Someone to call in a crisis.")
    var crisis: Bool?

    func validate() throws {
        if noCadence && cadence != nil { throw ValidationError("Give either --cadence or --no-cadence, not both.") }
    }

    func dimensions() throws -> [SupportDimension]? {
        guard let provides else { return nil }
        let words = provides.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        return try Vocabulary.dimensions(words, field: "provides")
    }
}

struct PeopleAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add someone to your network.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Their name, as you call them (unique in your network).") var name: String
    @OptionGroup var fields: PersonFieldOptions

    func run() throws {
        let store = try storeOptions.open()
        guard let type = fields.type else {
            throw KithError.invalid(
                "type",
                "is required: --type family|friend|peer|professional|community|online (or a plugin's type; see 'kith types')"
            )
        }
        var new = NewPerson(name: name, type: type)
        new.kind = fields.kind ?? .person
        new.provides = try fields.dimensions()
        new.circle = fields.circle
        if fields.noCadence {
            new.cadenceDays = .some(nil)
        } else if let c = fields.cadence {
            new.cadenceDays = .some(c)
        }
        new.phone = fields.phone
        new.email = fields.email
        new.notes = fields.notes
        new.crisis = fields.crisis ?? false
        let person = try store.addPerson(new)
        if output.json {
            try Output.json(person)
        } else {
            print("Added \(person.name) (#\(person.id)), \(person.type), \(person.circle.rawValue) circle.")
        }
    }
}

struct PeopleList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List your network, sorted by name.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only this support type.") var type: String?
    @Option(help: "Only this circle.") var circle: Circle?
    @Option(help: ArgumentHelp("Only people who provide this dimension.", valueName: "dimension")) var provides:
        SupportDimension?
    @Flag(help: "List archived people instead.") var archived = false
    @Flag(help: "List everyone, archived or not.") var all = false

    func validate() throws {
        if all && archived {
            throw ValidationError("--all already includes the archived; give one of --all and --archived.")
        }
    }

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        let people = try store.people(
            PeopleFilter(type: type, circle: circle, provides: provides, archived: all ? nil : archived))
        if output.json { return try Output.json(people) }
        if people.isEmpty { return print("No one matches. Add someone with 'kith people add NAME --type friend'.") }
        Output.table(
            ["NAME", "TYPE", "CIRCLE", "PROVIDES", "EVERY", "LAST CONTACT"],
            people.map { p in
                [
                    p.name + (p.crisis ? " (crisis)" : "") + (p.archived ? " (archived)" : ""), p.type,
                    p.circle.rawValue,
                    p.provides.map(\.rawValue).joined(separator: ","), p.cadenceDays.map { "\($0)d" } ?? "-",
                    p.lastInteractionAt.map { Output.daysAgo($0, clock: store.clock) } ?? "never",
                ]
            })
    }
}

struct PeopleShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one person and your last contact.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Name or #id.") var person: String

    func run() throws {
        let store = try storeOptions.open()
        let p = try store.requirePerson(try store.resolvePerson(typed: person))
        if output.json { return try Output.json(p) }
        print(p.name + (p.archived ? " (archived)" : ""))
        var lines: [(String, String)] = [
            ("Type", p.type), ("Kind", p.kind.rawValue), ("Circle", p.circle.rawValue),
            ("Provides", p.provides.isEmpty ? "-" : p.provides.map(\.rawValue).joined(separator: ", ")),
            ("Stay in touch", p.cadenceDays.map { $0 == 1 ? "every day" : "every \($0) days" } ?? "no reminder"),
        ]
        if let phone = p.phone { lines.append(("Phone", phone)) }
        if let email = p.email { lines.append(("Email", email)) }
        if p.crisis { lines.append(("Crisis contact", "yes")) }
        if let notes = p.notes { lines.append(("Notes", notes)) }
        if let last = try store.interactions(
            InteractionFilter(person: .id(p.id), until: .instant(store.clock.nowInstant), limit: 1)
        )
        .first {
            var text =
                "\(Output.local(last.at, clock: store.clock)) (\(Output.daysAgo(last.at, clock: store.clock))), \(Output.words(last.channel.rawValue))"
            if let note = last.note { text += ": \(note)" }
            lines.append(("Last interaction", text))
        } else {
            lines.append(("Last interaction", "never"))
        }
        for (label, value) in lines {
            let indented = value.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: 20))
            print("  " + Output.padded(label + ":", to: 18) + indented)
        }
    }
}

struct PeopleEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change someone's details; fields not given stay as they are.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Name or #id.") var person: String
    @Option(help: "A new name.") var name: String?
    @OptionGroup var fields: PersonFieldOptions

    func run() throws {
        let store = try storeOptions.open()
        var changes = PersonChanges()
        changes.name = name
        changes.type = fields.type
        changes.kind = fields.kind
        changes.provides = try fields.dimensions()
        changes.circle = fields.circle
        if fields.noCadence {
            changes.cadenceDays = .some(nil)
        } else if let c = fields.cadence {
            changes.cadenceDays = .some(c)
        }
        if let phone = fields.phone { changes.phone = .some(phone) }
        if let email = fields.email { changes.email = .some(email) }
        if let notes = fields.notes { changes.notes = .some(notes) }
        changes.crisis = fields.crisis
        let p = try store.updatePerson(try store.resolvePerson(typed: person), changes)
        if output.json { try Output.json(p) } else { print("Updated \(p.name) (#\(p.id)).") }
    }
}

struct PeopleArchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Archive someone: kept with their history, out of lists and reminders.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Name or #id.") var person: String

    func run() throws {
        let store = try storeOptions.open()
        let p = try store.archivePerson(try store.resolvePerson(typed: person))
        print("Archived \(p.name). 'kith people list --archived' shows archived people.")
    }
}

struct PeopleRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Bring an archived person back into your lists and reminders.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Name or #id.") var person: String

    func run() throws {
        var changes = PersonChanges()
        changes.archived = false
        let store = try storeOptions.open()
        let p = try store.updatePerson(try store.resolvePerson(typed: person), changes)
        print("Restored \(p.name).")
    }
}

struct PeopleDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete someone from your network ('kith undo' brings them back).",
        discussion:
            "Someone with interactions logged is kept unless --with-interactions (archiving keeps everything). Journal entries "
            + "that mention them stay, without the mention; commitments and safety plan items stay, with no one named.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Name or #id.") var person: String
    @Flag(help: "Delete their logged interactions too.") var withInteractions = false

    func run() throws {
        let store = try storeOptions.open()
        // Deleting asks for the whole name (any case, accents or not) or the #id, never a start.
        let (p, links) = try store.deletePerson(
            try store.resolvePerson(typed: person, allowingStart: false), withInteractions: withInteractions)
        var also: [String] = []
        if links.interactions > 0 { also.append(Output.count(links.interactions, "interaction")) }
        if links.mentions > 0 {
            also.append("their mention in " + Output.count(links.mentions, "journal entry", "journal entries"))
        }
        if links.commitments + links.planItems > 0 {
            also.append(
                "their name from "
                    + Output.count(
                        links.commitments + links.planItems, "commitment or plan item", "commitments and plan items"))
        }
        print(
            "Deleted \(p.name)" + (also.isEmpty ? "" : ", with " + also.joined(separator: ", "))
                + ". 'kith undo' brings it all back.")
    }
}
