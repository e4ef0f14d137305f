/// `kith report safety-plan`: the plan to print or keep on a phone.
enum SafetyPlanReport {
    static let definition = ReportDefinition(
        id: "safety-plan", title: "My safety plan", description: "The safety plan, with the current phone numbers of the people in it.",
        plugin: nil, reads: [.planRead, .peopleRead]
    ) { store, _ in
        let plan = try store.safetyPlan()
        guard !plan.isEmpty else {
            return ReportDocument(title: "My safety plan", blocks: [.text("There is no safety plan yet. Make one with 'kith plan edit'.")])
        }
        var blocks: [ReportBlock] = []
        for (n, section) in SafetyPlan.Section.allCases.enumerated() {
            blocks.append(.heading("\(n + 1). \(section.title)"))
            let items = plan.items[section] ?? []
            blocks.append(items.isEmpty ? .text("(nothing yet)") : .list(items.map(\.line)))
        }
        if let updated = try store.safetyPlanUpdatedAt() { blocks.append(.text("Last changed \(updated.prefix(10)).")) }
        return ReportDocument(title: "My safety plan", blocks: blocks)
    }
}
