import ArgumentParser
import Foundation
import KithCore

/// `kith plan ...`: the crisis safety plan.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Your safety plan for hard days (Stanley-Brown): show it, edit it, print it.",
        discussion: "kith report safety-plan --format html -o plan.html makes a page to print.",
        subcommands: [PlanShow.self, PlanEdit.self, PlanAdd.self, PlanReviewEvery.self, PlanCrisisLine.self],
        defaultSubcommand: PlanShow.self
    )
}

extension SafetyPlan.Section: ExpressibleByArgument {}

struct PlanShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show the plan, with current phone numbers.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(reportFailures: false)
        let plan = try store.safetyPlan()
        let support = try store.crisisSupport()
        // Who to reach comes first, with or without a plan.
        print("Who to reach now:")
        for line in support.lines(wording: CommandHints.text) { print("  " + line) }
        print("")
        if plan.isEmpty { return print("There is no safety plan yet. Make one with 'kith plan edit'.") }
        for (n, section) in SafetyPlan.Section.allCases.enumerated() {
            print("\(n + 1). \(section.title)")
            let items = plan.items[section] ?? []
            if items.isEmpty, section == .professionals, let line = support.line {
                print("   - \(line.name): \(line.phone)")
                continue
            }
            if items.isEmpty { print("   -") }
            for item in items { print("   - \(item.line)") }
        }
    }
}

struct PlanEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Edit the plan in your editor ($VISUAL, $EDITOR), or read it from a file.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(
        help: ArgumentHelp(
            "Read the plan from this file (the format 'kith plan edit' shows) instead of an editor.", valueName: "file")
    )
    var from: String?

    func run() throws {
        let store = try storeOptions.open()
        let names = try store.people(PeopleFilter(archived: nil)).map(\.name)
        let steps: [(SafetyPlan.Section, String, PersonReference?)]
        if let from {
            guard let data = FileManager.default.contents(atPath: from),
                let text = String(validating: data, as: UTF8.self)
            else {
                throw KithError(.notFound, "Could not read \(from) as UTF-8 text.")
            }
            steps = try SafetyPlanText.parse(text, people: names)
        } else {
            guard
                let edited = try editUntilReadable(
                    SafetyPlanText.render(try store.safetyPlan(), crisisLine: try store.crisisLine()), people: names,
                    sealed: store.isEncrypted)
            else {
                return print("No change; the safety plan is as it was.")
            }
            steps = edited
        }
        try store.replaceSafetyPlan(steps)
        print("Saved the safety plan (\(steps.count) items). 'kith plan' shows it.")
    }

    /// Opens the plan in the editor until it reads back; nil when the person changed nothing.
    /// What they typed is never lost: on a terminal the editor reopens with the error on top;
    /// otherwise, or if they leave it unfixed, the text is kept in a private file the message
    /// names, for 'kith plan edit --from'.
    private func editUntilReadable(_ text: String, people: [String], sealed: Bool) throws -> [(
        SafetyPlan.Section, String, PersonReference?
    )]? {
        let folder = try ScratchFolder.make("kith-plan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("safety-plan.txt").path
        var offered = text
        try PrivateFile.write(Data(offered.utf8), to: file)
        let marker = "# kith: "
        while true {
            try Editor.edit(file, offered: offered, draft: "safety-plan-draft.txt", sealed: sealed)
            let typed = (try? String(contentsOfFile: file, encoding: .utf8)) ?? offered
            if typed == text { return nil }
            let kept = typed.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix(marker) }
                .joined(separator: "\n")
            do {
                return try SafetyPlanText.parse(kept, people: people)
            } catch let error as KithError {
                guard isatty(STDIN_FILENO) == 1, typed != offered else {
                    let draft = try Editor.keepDraft(kept, name: "safety-plan-draft.txt", sealed: sealed)
                    throw KithError(
                        .invalidInput,
                        "\(error.description); the plan is unchanged. What you typed is kept in \(draft): "
                            + "fix it and run 'kith plan edit --from \(draft)'.")
                }
                // Reopened with the error on top; the marked lines are dropped when it is read.
                offered =
                    marker + error.description + "\n" + marker
                    + "Fix it and save, or quit without saving to keep it for later.\n" + kept
                try PrivateFile.write(Data(offered.utf8), to: file)
            }
        }
    }

}

struct PlanAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one item to a step.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "warning_signs, coping, distraction, help, professionals, environment or reasons.") var section:
        SafetyPlan.Section
    @Argument(help: "The item.") var text: String = ""
    @Option(help: "Someone in your network this item is about.") var person: String?

    func run() throws {
        let store = try storeOptions.open()
        try store.addSafetyPlanItem(section, text: text, person: try person.map { try store.resolvePerson(typed: $0) })
        print("Added to '\(section.title)'.")
    }
}

struct PlanReviewEvery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review-every", abstract: "Remind to review the plan after this many days (default 90).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Days.") var days: Int

    func run() throws {
        try storeOptions.open().setSafetyPlanReviewDays(days)
        print("You will be reminded to review the plan \(Output.count(days, "day")) after each change.")
    }
}

struct PlanCrisisLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crisis-line",
        abstract: "Show or set the crisis line Kith shows with a risk answer and in the plan.",
        discussion: "kith plan crisis-line --country GB uses a bundled line (US, CA, GB, IE, AU, NZ and the EU's 112; "
            + "docs/assessments.md names their sources); --name and --phone set any other.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("A country code with a bundled line.", valueName: "code")) var country: String?
    @Option(help: "The line's name.") var name: String?
    @Option(help: "Its number.") var phone: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if country != nil && (name != nil || phone != nil) {
            throw ValidationError("Give --country, or --name with --phone, not both.")
        }
        if (name == nil) != (phone == nil) { throw ValidationError("--name and --phone go together.") }
    }

    func run() throws {
        let store = try storeOptions.open(reportFailures: false)
        if let country { try store.setCrisisLine(country: country) }
        if let name, let phone { try store.setCrisisLine(CrisisLine(name: name, phone: phone)) }
        let line = try store.crisisLine()
        if output.json { return try Output.json(line) }
        guard let line else {
            return print(CrisisSupport(contacts: [], line: nil).lineText(wording: CommandHints.text))
        }
        print(
            "\(line.name): \(line.phone)" + (line.note.map { " (\($0))" } ?? "")
                + (line.source.map { ", checked at \($0)" } ?? ""))
    }
}
