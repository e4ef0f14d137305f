/// `kith report safety-plan`: the plan to print or keep on a phone. Whether or not there is a
/// plan, it starts with who to reach now and the crisis line, numbers linked in HTML.
enum SafetyPlanReport {
    static let definition = ReportDefinition(
        id: "safety-plan", title: "My safety plan",
        description: "The safety plan, with the current phone numbers of the people in it.",
        plugin: nil, reads: [.planRead, .peopleRead]
    ) { store, _ in
        let plan = try store.safetyPlan()
        let support = try store.crisisSupport()
        var blocks: [ReportBlock] = [.heading("Who to reach now")]
        blocks.append(contentsOf: CrisisBlocks.blocks(support))
        guard !plan.isEmpty else {
            blocks.append(.text("There is no safety plan yet: \(KithHint.editSafetyPlan.neutral)."))
            return ReportDocument(title: "My safety plan", blocks: blocks)
        }
        for (n, section) in SafetyPlan.Section.allCases.enumerated() {
            blocks.append(.heading("\(n + 1). \(section.title)"))
            let items = plan.items[section] ?? []
            if items.isEmpty, section == .professionals, let line = support.line {
                blocks.append(.contacts([ReportContact(name: line.name, phone: line.phone, note: line.note)]))
                continue
            }
            blocks.append(items.isEmpty ? .text("(nothing yet)") : .list(items.map(\.line)))
        }
        if let updated = try store.safetyPlanUpdatedAt() {
            blocks.append(.text("Last changed \(store.localDate(updated))."))
        }
        return ReportDocument(title: "My safety plan", blocks: blocks)
    }
}

/// The crisis section as report blocks: contacts with their numbers, warnings, the line.
enum CrisisBlocks {
    static func blocks(_ support: CrisisSupport) -> [ReportBlock] {
        var people = support.contacts.map { c in
            ReportContact(
                name: c.name, phone: c.phone,
                note: c.reason + (c.archived ? ", archived" : "") + (c.phone == nil ? ": no phone number saved" : ""))
        }
        if let line = support.line { people.append(ReportContact(name: line.name, phone: line.phone, note: line.note)) }
        if let clinic = support.clinic, let phone = clinic.phone {
            people.append(ReportContact(name: "Your clinic, \(clinic.name)", phone: phone, note: clinic.note))
        }
        var blocks: [ReportBlock] = people.isEmpty ? [] : [.contacts(people)]
        if support.contacts.isEmpty {
            blocks.append(
                .text("No one in your network is marked as a crisis contact: \(KithHint.markCrisisContact.neutral)."))
        }
        if support.line == nil { blocks.append(.text(support.lineText())) }
        return blocks
    }

    /// For reports over results: each risk answer, dated in the person's zone, and who to reach.
    static func riskSection(_ results: [AssessmentResult], store: KithStore) throws -> [ReportBlock] {
        let risky = results.filter { $0.risk != nil }
        guard !risky.isEmpty else { return [] }
        return [
            .heading("Answers that need attention"),
            .list(risky.map { "\(store.localDate($0.at)), \($0.assessment): \($0.risk!)" }),
        ]
            + blocks(try store.crisisSupport())
    }
}
