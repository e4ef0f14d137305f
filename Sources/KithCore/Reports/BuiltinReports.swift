/// Kith's own reports, registered in every catalog.
public enum BuiltinReports {
    /// The built-in report definitions.
    public static let all: [ReportDefinition] = [
        ReportDefinition(
            id: "network", title: "Your support network",
            description: "Who is in your network, as convoy circles, with a table of everyone.",
            plugin: nil, reads: [.peopleRead], build: NetworkReport.build),
        ReportDefinition(
            id: "coverage", title: "Support coverage",
            description: "Support types against the dimensions of support, and the gaps in words.",
            plugin: nil, reads: [.peopleRead], build: CoverageReport.build),
        ReportDefinition(
            id: "rhythm", title: "Rhythm of contact",
            description: "Days since last contact against each cadence, who is drifting, interactions per week.",
            plugin: nil, reads: [.peopleRead, .interactionsRead], build: RhythmReport.build),
        ReportDefinition(
            id: "mood-connection", title: "Mood and connection",
            description: "Mood on days with contact against days without, and both over time.",
            plugin: nil, reads: [.journalRead, .interactionsRead], build: MoodConnectionReport.build),
        ReportDefinition(
            id: "weekly", title: "Weekly summary",
            description: "One week for you or your clinician: entries, mood, contact, meetings, reminders.",
            plugin: nil, reads: Set(Permission.reads), build: WeeklyReport.build),
        SafetyPlanReport.definition,
    ]
    // weekly lists due reminders, and plugins' reminder rules may read anything: it reads all.
}

enum NetworkReport {
    static func build(_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument {
        let people = try store.people()
        var blocks: [ReportBlock] = [
            .text(
                "\(people.count) \(people.count == 1 ? "person" : "people") in your network: "
                    + Circle.allCases.map { c in "\(people.filter { $0.circle == c }.count) \(c.rawValue)" }.joined(
                        separator: ", ") + "."),
            .convoy(people.map { ConvoyMember(name: $0.name, circle: $0.circle, type: $0.type, crisis: $0.crisis) }),
            .heading("Everyone"),
        ]
        blocks.append(
            .table(
                columns: [
                    "Name", "Type", "Kind", "Circle", "Provides", "Cadence (days)", "Last contact", "Crisis contact",
                ],
                rows: people.map { p in
                    [
                        .text(p.name), .text(p.type), .text(p.kind.rawValue), .text(p.circle.rawValue),
                        .text(p.provides.map(\.rawValue).joined(separator: ", ")),
                        p.cadenceDays.map { .integer(Int64($0)) } ?? .empty,
                        .text(p.lastInteractionAt.map(store.localDate) ?? "never"), .boolean(p.crisis),
                    ]
                }))
        return ReportDocument(title: "Your support network", blocks: blocks)
    }
}

enum CoverageReport {
    static func build(_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument {
        let people = try store.people()
        let typeIDs = store.catalog.supportTypes.map(\.id).filter { id in people.contains { $0.type == id } }
        let rows: [[ReportValue]] = typeIDs.map { type in
            [.text(type)]
                + SupportDimension.allCases.map { dim in
                    .integer(Int64(people.filter { $0.type == type && $0.provides.contains(dim) }.count))
                } + [.integer(Int64(people.filter { $0.type == type }.count))]
        }
        var gaps: [String] = []
        for dim in SupportDimension.allCases where !people.contains(where: { $0.provides.contains(dim) }) {
            gaps.append("No one gives you \(dim.rawValue) support.")
        }
        let inner = people.filter { $0.circle == .inner }.count
        if inner == 0 {
            gaps.append("Your inner circle is empty.")
        } else if inner == 1 {
            gaps.append("Your inner circle has one person.")
        }
        if !people.contains(where: \.crisis) {
            gaps.append("You have no crisis contact: \(KithHint.markCrisisContact.neutral).")
        }
        for dim in SupportDimension.allCases {
            let givers = people.filter { $0.provides.contains(dim) }
            if givers.count == 1 { gaps.append("Only \(givers[0].name) gives you \(dim.rawValue) support.") }
        }
        return ReportDocument(
            title: "Support coverage",
            blocks: [
                .table(columns: ["Support type"] + SupportDimension.allCases.map(\.rawValue) + ["people"], rows: rows),
                .heading("Gaps"),
                gaps.isEmpty
                    ? .text(
                        "No gaps: every kind of support has more than one source, and your inner circle is not alone.")
                    : .list(gaps),
            ])
    }
}

enum RhythmReport {
    static func build(_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument {
        let period = try ReportPeriod(request, clock: store.clock, defaultDays: 56)
        let today = period.last
        var rows: [[ReportValue]] = []
        var drifting: [String] = []
        for p in try store.people() {
            guard let cadence = p.cadenceDays else { continue }
            let last = p.lastInteractionAt.flatMap(store.localDay)
            let since = last.map { today - $0 }
            let status: String
            switch since {
            case nil: status = "never in touch"
            case let d? where d > cadence * 2: status = "drifting"
            case let d? where d > cadence: status = "due"
            default: status = "on track"
            }
            if status == "drifting" || status == "never in touch" {
                drifting.append("\(p.name) (\(since.map { "\($0) days" } ?? "no contact yet"), every \(cadence) days)")
            }
            rows.append([
                .text(p.name), .text(p.type), .integer(Int64(cadence)), since.map { .integer(Int64($0)) } ?? .empty,
                .text(status),
            ])
        }
        let weeks = stride(from: period.first, through: period.last, by: 7).map { $0 }
        var counts = Array(repeating: 0.0, count: weeks.count)
        for i in try store.interactions(in: period) {
            if let day = store.localDay(i.at) { counts[min((day - period.first) / 7, weeks.count - 1)] += 1 }
        }
        return ReportDocument(
            title: "Rhythm of contact, \(period.label)",
            blocks: [
                .heading("Days since last contact"),
                rows.isEmpty
                    ? .text("No one has a stay-in-touch cadence: \(KithHint.setCadence.neutral).")
                    : .table(columns: ["Name", "Type", "Cadence (days)", "Days since contact", "Status"], rows: rows),
                .heading("Drifting"),
                drifting.isEmpty ? .text("No one is drifting.") : .list(drifting),
                .chart(
                    kind: .bar, title: "Interactions per week", x: weeks.map(\.text),
                    series: [ChartSeries(name: "interactions", values: counts)]),
            ])
    }
}
