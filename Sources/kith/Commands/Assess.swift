import ArgumentParser
import Foundation
import KithCore
import KithPlugins

/// `kith assess ID`, `kith assess ID --answers 0,1,2,...`, `kith assess results [ID]`, `kith assess list`.
struct Assess: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract:
            "Answer a questionnaire (PHQ-9, GAD-7, MSPSS, UCLA-3, LSNS-6, or a plugin's), and see results over time.",
        discussion:
            "kith assess phq9 asks the items one by one. kith assess phq9 --answers 0,1,2,0,1,0,0,1,0 records headlessly. "
            + "kith assess results [ID] lists results with their trend. kith assess list shows the instruments installed. "
            + "kith assess edit RESULT --answers ... (or --at TIME) corrects a result; kith assess delete RESULT removes one; kith undo reverses either."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "ID, 'results [ID]', 'list', 'edit RESULT' or 'delete RESULT'.") var words: [String] = []
    @Option(help: ArgumentHelp("Answers in item order, comma-separated.", valueName: "values")) var answers: String?
    @Option(help: ArgumentHelp("When it was answered (default now).", valueName: "instant")) var at: String?
    @Flag(help: "Show the instrument's instructions, items, source, licence and citation instead of asking.")
    var about = false

    func run() throws {
        let session = try storeOptions.session()
        let store = session.store
        switch words.first {
        case nil, "list": try list(store)
        case "results": try results(store, id: words.dropFirst().first)
        case "edit", "delete":
            guard words.count == 2 else {
                throw ValidationError(
                    "Give one result's number: kith assess \(words[0]) 3 (see 'kith assess results').")
            }
            let id = try EntryID.parse(words[1])
            try words[0] == "edit" ? correct(store, id: id) : delete(store, id: id)
        default: try take(store, id: words[0], plugins: session.plugins.records)
        }
    }

    private func delete(_ store: KithStore, id: Int64) throws {
        let result = try store.deleteAssessmentResult(id)
        if output.json { return try Output.json(result) }
        print(
            "Deleted result #\(id) (\(result.assessment), \(Output.local(result.at, clock: store.clock))). 'kith undo' brings it back."
        )
    }

    private func correct(_ store: KithStore, id: Int64) throws {
        let old = try store.assessmentResult(id)
        let values = try answers.map { text -> [String: Int] in
            guard let definition = store.catalog.assessments.first(where: { $0.id == old.assessment }) else {
                throw KithError(
                    .notFound, field: "assessment",
                    "\"\(old.assessment)\" is not installed, so new answers cannot be scored")
            }
            return try Self.parse(text, for: definition)
        }
        let result = try store.correctAssessmentResult(id, answers: values, at: at)
        CrisisNotice.pending = nil
        let support = try result.risk.map { _ in try store.crisisSupport() }
        if output.json { return try Output.json(AssessOutput(result: result, crisis: support)) }
        print(
            "Corrected result #\(id): \(result.assessment) \(ReportValue.number(result.total))"
                + (result.band.map { " (\($0))" } ?? "")
                + ", \(Output.local(result.at, clock: store.clock)). 'kith undo' puts it back.")
        for flag in result.flags { print("! \(flag)") }
        if let support { print(CrisisNotice.text(support, risk: result.risk), terminator: "") }
    }

    /// `--answers 0,1,2`: numbers in item order.
    static func parse(_ answers: String, for definition: AssessmentDefinition) throws -> [String: Int] {
        let parts = answers.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let numbers = try parts.enumerated().map { n, text -> Int in
            guard let v = Int(text) else {
                throw KithError.invalid("answers", "item \(n + 1): \"\(text)\" is not a whole number")
            }
            return v
        }
        return try definition.answers(inOrder: numbers)
    }

    private func list(_ store: KithStore) throws {
        let all = store.catalog.assessments
        if all.isEmpty {
            return print(
                "No instruments are installed. Kith looks for its bundled ones (phq9, gad7, mspss, ucla3, lsns6) in "
                    + "share/kith/plugins beside its own folder; 'kith plugins list' shows where it looked, and scripts/install.sh puts them there."
            )
        }
        Output.table(
            ["ID", "TITLE", "ITEMS", "FROM"],
            all.map { [$0.id, $0.title, String($0.items.count), $0.plugin.map { "plugin \($0)" } ?? "built in"] })
    }

    private func take(_ store: KithStore, id: String, plugins records: [PluginRecord]) throws {
        guard let definition = store.catalog.assessments.first(where: { $0.id == id }) else {
            _ = try store.recordAssessment(id, answers: [:])  // throws the "names no assessment" message
            return
        }
        if about { return try describe(definition) }
        let values: [String: Int]
        if let answers {
            values = try Self.parse(answers, for: definition)
        } else {
            values = try ask(definition)
        }
        let result = try store.recordAssessment(id, answers: values, at: at)
        // The crisis section is shown here, with the result, not again at the end.
        CrisisNotice.pending = nil
        let support = try result.risk.map { _ in try store.crisisSupport() }
        if output.json { return try Output.json(AssessOutput(result: result, crisis: support)) }
        print("\(definition.title): \(ReportValue.number(result.total))" + (result.band.map { " (\($0))" } ?? ""))
        for (name, value) in result.subscales.sorted(by: { $0.key < $1.key }) {
            print("  \(Output.words(name)): \(ReportValue.number(value))")
        }
        for flag in result.flags { print("! \(flag)") }
        // A plugin that reuses another's id replaces it as a whole: say whose code scored this.
        let shadowed = { (r: PluginRecord) -> Bool in if case .shadowed = r.status { return true } else { return false }
        }
        if let scorer = result.scoredBy, records.contains(where: { $0.id == scorer && shadowed($0) }),
            let active = records.first(where: { $0.id == scorer && $0.status == .loaded })
        {
            print(
                "  (scored by plugin '\(scorer)' \(result.scorerVersion ?? "") from \(active.directory), which replaces another plugin with that id; see 'kith plugins list')"
            )
        }
        if let support { print(CrisisNotice.text(support, risk: result.risk), terminator: "") }
    }

    /// `--about`: what the person and their clinician may want to know before answering.
    private func describe(_ definition: AssessmentDefinition) throws {
        if output.json {
            return try Output.json(
                AboutOutput(
                    id: definition.id, title: definition.title, version: definition.version,
                    instructions: definition.instructions, about: definition.about,
                    items: definition.items.map { .init(id: $0.id, text: $0.text, optional: $0.optional) },
                    plugin: definition.plugin, pluginVersion: definition.pluginVersion))
        }
        print(
            "\(definition.title) (\(definition.id), version \(definition.version)\(definition.plugin.map { ", plugin \($0) \(definition.pluginVersion ?? "")" } ?? ""))"
        )
        if let instructions = definition.instructions { print("\n" + instructions) }
        for (n, item) in definition.items.enumerated() {
            print("  \(n + 1). \(item.text)" + (item.optional ? " (optional, not scored)" : ""))
        }
        print(
            "\n" + (definition.about ?? "The plugin that defines this instrument gives no source, licence or citation.")
        )
    }

    /// Asks each item in the terminal, again until the answer is one of the choices.
    private func ask(_ definition: AssessmentDefinition) throws -> [String: Int] {
        print("\(definition.title): \(definition.requiredCount) questions. Type the number of your answer.")
        if let instructions = definition.instructions { print("\n" + instructions) }
        var values: [String: Int] = [:]
        for (n, item) in definition.items.enumerated() {
            let choices = definition.choices(for: item)
            print(
                "\n\(n + 1)/\(definition.items.count). \(item.text)"
                    + (item.optional ? " (optional: press Enter to skip)" : ""))
            for c in choices { print("   \(c.value)  \(c.label)") }
            while true {
                print("> ", terminator: "")
                guard let line = readLine() else {
                    if item.optional { break }
                    throw KithError(
                        .invalidInput,
                        "The answers ended at item \(item.id); nothing was recorded. Use --answers to answer without a terminal."
                    )
                }
                if item.optional && line.trimmingCharacters(in: .whitespaces).isEmpty { break }
                if let v = Int(line.trimmingCharacters(in: .whitespaces)), choices.contains(where: { $0.value == v }) {
                    values[item.id] = v
                    break
                }
                print("Please type one of \(choices.map { String($0.value) }.joined(separator: ", ")).")
            }
        }
        return values
    }

    private func results(_ store: KithStore, id: String?) throws {
        let list = try store.assessmentResults(AssessmentFilter(assessment: id))
        if output.json { return try Output.json(list) }
        if list.isEmpty { return print("No results yet. Answer one with 'kith assess ID'.") }
        // Trend: each result against the previous one of the same instrument.
        var previous: [String: Double] = [:]
        var rows: [[String]] = []
        for r in list.reversed() {
            let trend =
                previous[r.assessment].map {
                    r.total > $0
                        ? "up \(ReportValue.number(r.total - $0))"
                        : r.total < $0 ? "down \(ReportValue.number($0 - r.total))" : "same"
                } ?? "-"
            previous[r.assessment] = r.total
            rows.append([
                "#\(r.id)", Output.local(r.at, clock: store.clock), r.assessment,
                ReportValue.number(r.total).description, r.band ?? "", trend,
                r.flags.isEmpty ? "" : "! " + r.flags.joined(separator: "; "),
            ])
        }
        Output.table(["ID", "WHEN", "ASSESSMENT", "TOTAL", "BAND", "TREND", "FLAGS"], rows.reversed())
    }
}

/// `kith assess --json`: the result, and with a risk answer who to reach (`crisis`).
struct AssessOutput: Encodable {
    let result: AssessmentResult
    let crisis: CrisisSupport?

    struct Contact: Encodable {
        let name: String, phone: String?, archived: Bool, reason: String
    }
    struct Clinic: Encodable { let name: String, phone: String?, note: String? }
    struct Crisis: Encodable {
        let contacts: [Contact]
        let clinic: Clinic?
        let line: CrisisLine?
        let message: String
    }

    func encode(to encoder: Encoder) throws {
        try result.encode(to: encoder)
        guard let crisis else { return }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(
            Crisis(
                contacts: crisis.contacts.map {
                    Contact(name: $0.name, phone: $0.phone, archived: $0.archived, reason: $0.reason)
                },
                clinic: crisis.clinic.map { Clinic(name: $0.name, phone: $0.phone, note: $0.note) },
                line: crisis.line, message: crisis.lines(wording: CommandHints.text).joined(separator: "\n")),
            forKey: .crisis)
    }

    enum Key: String, CodingKey { case crisis }
}

/// `kith assess ID --about --json`.
struct AboutOutput: Encodable {
    struct Item: Encodable { let id: String, text: String, optional: Bool }
    let id: String, title: String, version: String
    let instructions: String?, about: String?
    let items: [Item]
    let plugin: String?, pluginVersion: String?

    enum CodingKeys: String, CodingKey {
        case id, title, version, instructions, about, items, plugin, pluginVersion = "plugin_version"
    }
}
