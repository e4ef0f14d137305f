/// The report every assessment gets (`kith report phq9`): scores over time, bands and flags.
enum AssessmentReport {
    static func definition(for a: AssessmentDefinition) -> ReportDefinition {
        ReportDefinition(id: a.id, title: "\(a.title) over time", description: "\(a.title) results over time, with bands and flags.",
                         plugin: a.plugin, reads: [.assessmentsRead]) { store, params in
            let period = try ReportPeriod(params, clock: store.clock, defaultDays: 365)
            let results = try store.assessmentResults(AssessmentFilter(assessment: a.id, since: period.sinceText, until: period.untilText)).reversed()
            var blocks: [ReportBlock] = []
            guard let latest = results.last else {
                return ReportDocument(title: "\(a.title), \(period.label)", blocks: [.text("No \(a.title) results in this period. Record one with 'kith assess \(a.id)'.")])
            }
            blocks.append(.metric(label: "Latest total", value: .number(latest.total), note: [store.localDate(latest.at), latest.band].compactMap { $0 }.joined(separator: ", ")))
            if results.count > 1 {
                let first = results.first!
                blocks.append(.metric(label: "Change since \(store.localDate(first.at))", value: .number(round2(latest.total - first.total)), note: nil))
            }
            blocks += try CrisisBlocks.riskSection(Array(results), store: store)
            let flagged = results.filter { !$0.flags.isEmpty }
            if !flagged.isEmpty { blocks.append(.list(flagged.map { "\(store.localDate($0.at)): " + $0.flags.joined(separator: "; ") })) }
            let subscales = Array(Set(results.flatMap(\.subscales.keys))).sorted()
            blocks.append(.chart(kind: .line, title: "\(a.title) total", x: results.map { store.localDate($0.at) },
                                 series: [ChartSeries(name: "total", values: results.map(\.total))]
                                    + subscales.map { key in ChartSeries(name: key, values: results.map { $0.subscales[key] }) }))
            blocks.append(.table(columns: ["Date", "Total", "Band", "Flags"] + subscales, rows: results.reversed().map { r in
                [.text(store.localDate(r.at)), .number(r.total), .text(r.band ?? ""), .text(r.flags.joined(separator: "; "))]
                    + subscales.map { r.subscales[$0].map { .number(round2($0)) } ?? .empty }
            }))
            return ReportDocument(title: "\(a.title), \(period.label)", blocks: blocks)
        }
    }
}
