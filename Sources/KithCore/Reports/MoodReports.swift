import Foundation

enum MoodConnectionReport {
    /// Fewer days than this on either side, and no comparison is made.
    static let minimumDays = 3

    static func build(_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument {
        let period = try ReportPeriod(request, clock: store.clock, defaultDays: 90)
        let moods = try store.dailyMoods(period)
        let contacts = try store.dailyInteractions(period)
        let withContact = moods.filter { contacts[$0.key] != nil }.map(\.value)
        let without = moods.filter { contacts[$0.key] == nil }.map(\.value)
        var blocks: [ReportBlock] = [.heading("Mood on days with and without contact")]
        func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
        if withContact.count < minimumDays || without.count < minimumDays {
            blocks.append(
                .text(
                    "Too little data to compare: \(withContact.count) days with contact and \(without.count) without "
                        + "have a mood (at least \(minimumDays) of each are needed)."))
        } else {
            let difference = mean(withContact) - mean(without)
            blocks += [
                .table(
                    columns: ["Days", "Count", "Mean mood"],
                    rows: [
                        [
                            .text("with contact"), .integer(Int64(withContact.count)),
                            .number(round2(mean(withContact))),
                        ],
                        [.text("without contact"), .integer(Int64(without.count)), .number(round2(mean(without)))],
                    ]),
                .metric(
                    label: "Difference", value: .number(round2(difference)),
                    note: "mean mood with contact minus without, on a 1 to 5 scale"),
                .text(
                    difference >= 0.25
                        ? "Your mood is higher on days you are in touch with someone."
                        : difference <= -0.25
                            ? "Your mood is lower on days with contact; worth talking about with someone you trust."
                            : "Your mood is about the same on days with and without contact."),
            ]
        }
        // Over time: by day for up to four months, by week beyond.
        let step = period.days > 120 ? 7 : 1
        let starts = stride(from: period.first, through: period.last, by: step).map { $0 }
        let moodSeries: [Double?] = starts.map { start in
            let xs = (start..<min(start + step, period.last + 1)).compactMap { moods[$0] }
            return xs.isEmpty ? nil : round2(mean(xs))
        }
        let contactSeries: [Double?] = starts.map { start in
            Double((start..<min(start + step, period.last + 1)).reduce(0) { $0 + (contacts[$1] ?? 0) })
        }
        // Two charts over the same dates: a mood scale and a count never share one axis.
        let x = starts.map(\.text)
        let by = step == 1 ? "by day" : "by week"
        blocks.append(
            .chart(
                kind: .line, title: "Mood \(by)", x: x,
                series: [ChartSeries(name: step == 1 ? "mood" : "mean mood", values: moodSeries)], yRange: moodScale))
        blocks.append(
            .chart(
                kind: .bar, title: "Interactions \(by)", x: x,
                series: [ChartSeries(name: "interactions", values: contactSeries)]))
        return ReportDocument(title: "Mood and connection, \(period.label)", blocks: blocks)
    }
}

enum WeeklyReport {
    static func build(_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument {
        let clock = store.clock
        var since = request.since, until = request.until
        // With a first day of the week set, the default is the week that holds today.
        if since == nil && until == nil, let first = clock.weekStart(of: clock.today).map(LocalDay.init) {
            (since, until) = (first, first + 6)
        }
        // One end given: the week it starts or ends.
        if since == nil, let until { since = until - 6 }
        if until == nil, let since { until = since + 6 }
        let week = try ReportPeriod(since: since, until: until, clock: clock, defaultDays: 7)
        let before = try ReportPeriod(since: week.first - 7, until: week.first - 1, clock: clock, defaultDays: 7)
        let moods = try store.dailyMoods(week), previous = try store.dailyMoods(before)
        func mean(_ d: [LocalDay: Double]) -> Double? { d.isEmpty ? nil : d.values.reduce(0, +) / Double(d.count) }
        var blocks: [ReportBlock] = [
            .metric(label: "Journal entries", value: .integer(Int64(try store.entryCount(week))), note: nil)
        ]
        if let m = mean(moods) {
            let change = mean(previous).map { m - $0 }
            blocks.append(
                .metric(
                    label: "Mean mood", value: .number(round2(m)),
                    note: change.map { String(format: "%@%.2f from the week before", $0 >= 0 ? "+" : "", $0) }
                        ?? "no moods the week before"))
        } else {
            blocks.append(.metric(label: "Mean mood", value: .text("no moods recorded"), note: nil))
        }
        let interactions = try store.interactions(in: week)
        let types = Dictionary(
            uniqueKeysWithValues: try store.people(PeopleFilter(archived: nil)).map { ($0.id, $0.type) })
        blocks.append(.heading("Interactions: \(interactions.count)"))
        let byType = Dictionary(grouping: interactions) { types[$0.personId] ?? "?" }
        blocks.append(
            .table(
                columns: ["Support type", "Interactions"],
                rows: byType.keys.sorted().map { [.text($0), .integer(Int64(byType[$0]!.count))] }))
        blocks.append(
            .table(
                columns: ["Support received", "Interactions"],
                rows: SupportDimension.allCases.map { dim in
                    [.text(dim.rawValue), .integer(Int64(interactions.filter { $0.received.contains(dim) }.count))]
                }))
        let attended = interactions.filter { $0.channel == .groupMeeting }.count
        let (lower, upper) = week.bounds(store.clock.timeZone)
        let scheduled = try store.occurrences(from: lower, through: upper).count
        blocks.append(
            .metric(label: "Meetings attended", value: .integer(Int64(attended)), note: "of \(scheduled) scheduled"))
        let results = try store.assessmentResults(AssessmentFilter(since: .instant(lower), until: .instant(upper)))
        if !results.isEmpty {
            blocks.append(.heading("Assessments"))
            blocks.append(
                .table(
                    columns: ["Date", "Assessment", "Total", "Band", "Flags"],
                    rows: results.reversed().map { r in
                        [
                            .text(store.localDate(r.at)), .text(r.assessment), .number(r.total), .text(r.band ?? ""),
                            .text(r.flags.joined(separator: "; ")),
                        ]
                    }))
        }
        blocks += try CrisisBlocks.riskSection(results, store: store)
        let reminders = try store.dueReminders(at: upper).reminders
        blocks.append(.heading("Reminders outstanding: \(reminders.count)"))
        if !reminders.isEmpty {
            blocks.append(.list(reminders.map { ($0.priority == .high ? "(high) " : "") + $0.title }))
        }
        let days = (week.first...week.last).map { $0 }
        blocks.append(
            .chart(
                kind: .bar, title: "Mood by day", x: days.map(\.text),
                series: [ChartSeries(name: "mood", values: days.map { moods[$0].map(round2) })], yRange: moodScale))
        return ReportDocument(title: "Weekly summary, \(week.label)", blocks: blocks)
    }
}

func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }

/// The mood scale: a mood chart's axis covers all of it, never only the moods recorded.
let moodScale: ClosedRange<Double> = 1...5
