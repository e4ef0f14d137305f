/// The report every assessment gets (`kith report phq9`): scores over time, bands and flags.
enum AssessmentReport {
    static func definition(for a: AssessmentDefinition) -> ReportDefinition {
        ReportDefinition(
            id: a.id, title: "\(a.title) over time", description: "\(a.title) results over time, with bands and flags.",
            plugin: a.plugin, reads: [.assessmentsRead]
        ) { store, request in
            let period = try ReportPeriod(request, clock: store.clock, defaultDays: 365)
            let results = try store.assessmentResults(
                AssessmentFilter(assessment: a.id, since: period.since, until: period.until)
            ).reversed()
            var blocks: [ReportBlock] = []
            guard let latest = results.last else {
                return ReportDocument(
                    title: "\(a.title), \(period.label)",
                    blocks: [
                        .text("No \(a.title) results in this period: \(KithHint.answerAssessment(id: a.id).neutral).")
                    ])
            }
            // The question as the person was asked it, so a reader of any format (HTML, JSON)
            // knows what period and wording each total answers.
            if let instructions = a.instructions { blocks.append(.text("Asked: \(instructions)")) }
            blocks.append(
                .metric(
                    label: "Latest total", value: .number(latest.total),
                    note: [store.localDate(latest.at), latest.band].compactMap { $0 }.joined(separator: ", ")))
            if results.count > 1 {
                let first = results.first!
                blocks.append(
                    .metric(
                        label: "Change since \(store.localDate(first.at))",
                        value: .number(round2(latest.total - first.total)), note: nil))
            }
            blocks += try CrisisBlocks.riskSection(Array(results), store: store)
            if let rules = a.change, let baseline = results.first, results.count > 1 {
                blocks += ChangeOverTime.blocks(rules, baseline: baseline, latest: latest, store: store)
            }
            let flagged = results.filter { !$0.flags.isEmpty }
            if !flagged.isEmpty {
                blocks.append(.list(flagged.map { "\(store.localDate($0.at)): " + $0.flags.joined(separator: "; ") }))
            }
            let subscales = Array(Set(results.flatMap(\.subscales.keys))).sorted()
            let dates = results.map { store.localDate($0.at) }
            let totals = results.map(\.total)
            // The axis covers the instrument's whole range, as its bands declare it, so that a
            // low score looks low; a total outside them (the scoring changed) widens it instead.
            var range = ChartBand.span(of: a.bands)
            if let span = range, !totals.allSatisfy({ span.contains($0) }) { range = nil }
            blocks.append(
                .chart(
                    kind: .line, title: "\(a.title) total", x: dates,
                    series: [ChartSeries(name: "total", values: totals)],
                    yRange: range, bands: a.bands))
            // Subscales may run on another scale than the total: a chart of their own.
            if !subscales.isEmpty {
                blocks.append(
                    .chart(
                        kind: .line, title: "\(a.title) subscales", x: dates,
                        series: subscales.map { key in
                            ChartSeries(name: spoken(key), values: results.map { $0.subscales[key] })
                        }))
            }
            blocks.append(
                .table(
                    columns: ["Date", "Total", "Band", "Flags"] + subscales.map(spoken),
                    rows: results.reversed().map { r in
                        [
                            .text(store.localDate(r.at)), .number(r.total), .text(r.band ?? ""),
                            .text(r.flags.joined(separator: "; ")),
                        ]
                            + subscales.map { r.subscales[$0].map { .number(round2($0)) } ?? .empty }
                    }))
            return ReportDocument(title: "\(a.title), \(period.label)", blocks: blocks)
        }
    }
}

/// Change from the first result of a period to the latest, read by the rules the instrument
/// declares (a response, remission, a clinically significant change), with their source.
enum ChangeOverTime {
    static func blocks(
        _ rules: AssessmentDefinition.ChangeRules, baseline: AssessmentResult, latest: AssessmentResult,
        store: KithStore
    ) -> [ReportBlock] {
        let delta = latest.total - baseline.total
        let moved =
            delta < 0
            ? "down \(ReportValue.number(round2(-delta)))"
            : delta > 0 ? "up \(ReportValue.number(round2(delta)))" : "unchanged"
        var lines = [
            "From \(ReportValue.number(baseline.total)) on \(store.localDate(baseline.at)) to \(ReportValue.number(latest.total)) on \(store.localDate(latest.at)): \(moved)."
        ]
        if let drop = rules.responseDrop, baseline.total > 0 {
            let share = -delta / baseline.total
            lines.append(
                "Response, a fall of \(percent(drop)) or more from the first result: \(share >= drop ? "yes" : "not yet") (\(percent(share)))."
            )
        }
        if let below = rules.remissionBelow {
            lines.append(
                "Remission, a total below \(ReportValue.number(below)): \(latest.total < below ? "yes" : "not yet").")
        }
        if let points = rules.significantPoints {
            lines.append(
                "A change of \(ReportValue.number(points)) points or more, which clinicians count as meaningful: \(abs(delta) >= points ? "yes, \(moved)" : "no")."
            )
        }
        if let points = rules.reliablePoints {
            let word = delta < 0 ? "improvement" : "worsening"
            lines.append(
                "Reliable change, \(ReportValue.number(points)) points or more (beyond what measurement error explains): "
                    + (abs(delta) >= points ? "yes, a reliable \(word)" : "no") + ".")
        }
        if let rci = rules.reliableChangeIndex {
            let value = rci.index(delta: delta)
            let word = delta < 0 ? "improvement" : "worsening"
            lines.append(
                "Reliable change index (Jacobson-Truax) \(ReportValue.number(round2(value))), from reliability "
                    + "\(trimmed(rci.reliability)) and standard deviation \(trimmed(rci.standardDeviation)); "
                    + "beyond ±1.96 (a change of \(ReportValue.number(round2(rci.pointsNeeded))) points or more) counts as reliable: "
                    + (abs(value) >= ReliableChangeIndex.criterion ? "yes, a reliable \(word)" : "no") + ".")
        }
        var blocks: [ReportBlock] = [
            .heading("Change over time"), .list(lines),
            .text("This is information for you and your clinician to talk about, not a diagnosis."),
        ]
        if let source = rules.source { blocks.append(.text("Source: \(source)")) }
        return blocks
    }

    /// "3.5", not "3.50": a published figure as it was published (up to four decimals).
    static func trimmed(_ x: Double) -> String {
        var text = String(format: "%.4f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// "56%": a plugin's totals may be any finite numbers, so the share may not fit an Int.
    static func percent(_ share: Double) -> String {
        let value = share * 100
        guard value.isFinite, abs(value) < 1e12 else { return share > 0 ? "more than 100%" : "less than -100%" }
        return "\(Int(value.rounded()))%"
    }
}

/// A subscale's id as a person reads it: `significant_other` is "significant other".
private func spoken(_ id: String) -> String { id.replacingOccurrences(of: "_", with: " ") }
