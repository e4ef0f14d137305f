import ArgumentParser
import Foundation
import KithCore

/// `kith plan ...`: the crisis safety plan.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Your safety plan for hard days (Stanley-Brown): show it, edit it, print it.",
        discussion: "kith report safety-plan --format html -o plan.html makes a page to print.",
        subcommands: [PlanShow.self, PlanEdit.self, PlanAdd.self, PlanReviewEvery.self],
        defaultSubcommand: PlanShow.self
    )
}

extension SafetyPlan.Section: ExpressibleByArgument {}

struct PlanShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the plan, with current phone numbers.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(reportFailures: false)
        let plan = try store.safetyPlan()
        if plan.isEmpty { return print("There is no safety plan yet. Make one with 'kith plan edit'.") }
        for (n, section) in SafetyPlan.Section.allCases.enumerated() {
            print("\(n + 1). \(section.title)")
            let items = plan.items[section] ?? []
            if items.isEmpty { print("   -") }
            for item in items { print("   - \(item.line)") }
        }
        // Crisis contacts from the network, even if the plan does not list them.
        let crisis = try store.people().filter(\.crisis)
        if !crisis.isEmpty { print("\nCrisis contacts: " + crisis.map { $0.name + ($0.phone.map { " \($0)" } ?? "") }.joined(separator: ", ")) }
    }
}

struct PlanEdit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Edit the plan in your editor ($VISUAL, $EDITOR), or read it from a file.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("Read the plan from this file (the format 'kith plan edit' shows) instead of an editor.", valueName: "file"))
    var from: String?

    func run() throws {
        let store = try storeOptions.open()
        let names = try store.people(PeopleFilter(archived: nil)).map(\.name)
        let text: String
        if let from {
            guard let data = FileManager.default.contents(atPath: from), let t = String(validating: data, as: UTF8.self) else {
                throw KithError(.notFound, "Could not read \(from) as UTF-8 text.")
            }
            text = t
        } else {
            text = try editInEditor(SafetyPlanText.render(try store.safetyPlan()))
        }
        let steps = try SafetyPlanText.parse(text, people: names)
        try store.replaceSafetyPlan(steps)
        print("Saved the safety plan (\(steps.count) items). 'kith plan' shows it.")
    }

    private func editInEditor(_ text: String) throws -> String {
        let env = ProcessInfo.processInfo.environment
        let editor = env["VISUAL"] ?? env["EDITOR"] ?? "vi"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("safety-plan.txt").path
        try PrivateFile.write(Data(text.utf8), to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "sh", file]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw KithError(.invalidInput, "The editor (\(editor)) failed; the plan is unchanged.") }
        return (try? String(contentsOfFile: file, encoding: .utf8)) ?? text
    }
}

struct PlanAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add one item to a step.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "warning_signs, coping, distraction, help, professionals, environment or reasons.") var section: SafetyPlan.Section
    @Argument(help: "The item.") var text: String = ""
    @Option(help: "Someone in your network this item is about.") var person: String?

    func run() throws {
        let store = try storeOptions.open()
        try store.addSafetyPlanItem(section, text: text, person: person.map(PersonReference.init(argument:)))
        print("Added to '\(section.title)'.")
    }
}

struct PlanReviewEvery: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review-every", abstract: "Remind to review the plan after this many days (default 90).")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Days.") var days: Int

    func run() throws {
        try storeOptions.open().setSafetyPlanReviewDays(days)
        print("You will be reminded to review the plan \(days) days after each change.")
    }
}
