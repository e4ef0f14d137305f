import Foundation
import Testing
@testable import KithCore
import KithReports

/// The built-in reports on a known data set, and the renderers.
@Suite("Reports: built-in reports on known data, and the five renderers")
struct ReportTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// Today is Wednesday 2026-03-11. Ana (inner, family, every 7 days), Dee (inner, peer,
    /// every 3 days, crisis), Bo (outer, community, practical only).
    func store() throws -> KithStore {
        let s = try KithStore.inMemory(
            clock: .fixed(try KithTime.parseInstant("2026-03-11T20:00:00Z", field: "now"), timeZone: Self.utc))
        var ana = NewPerson(name: "Ana", type: "family")
        ana.circle = .inner
        ana.provides = [.emotional, .practical]
        _ = try s.addPerson(ana)
        var dee = NewPerson(name: "Dee", type: "peer")
        dee.circle = .inner
        dee.cadenceDays = .some(3)
        dee.crisis = true
        _ = try s.addPerson(dee)
        var bo = NewPerson(name: "Bo", type: "community")
        bo.circle = .outer
        bo.provides = [.practical]
        _ = try s.addPerson(bo)
        return s
    }

    func entry(_ s: KithStore, _ day: String, mood: Int) throws {
        var e = NewJournalEntry()
        e.at = day + "T21:00:00Z"
        e.mood = mood
        _ = try s.addJournalEntry(e)
    }

    func contact(
        _ s: KithStore, _ who: String, _ day: String, _ channel: Channel = .call,
        received: [SupportDimension] = [.emotional]
    ) throws {
        var i = NewInteraction(person: .name(who), channel: channel)
        i.at = day + "T12:00:00Z"
        i.received = received
        _ = try s.logInteraction(i)
    }

    @Test("coverage counts people per type and dimension and states the gaps in words")
    func coverage() throws {
        let s = try store()
        let doc = try s.runReport("coverage")
        guard case .table(let columns, let rows) = doc.blocks[0] else { Issue.record("no table"); return }
        #expect(columns == ["Support type", "emotional", "informational", "practical", "people"])
        #expect(
            rows.map { $0.map(\.description) } == [
                ["family", "1", "0", "1", "1"], ["peer", "1", "1", "0", "1"], ["community", "0", "0", "1", "1"],
            ])
        guard case .list(let gaps) = doc.blocks[2] else { Issue.record("no gaps"); return }
        #expect(gaps == ["Only Dee gives you informational support."])
        var lone = try KithStore.inMemory()
        _ = try lone.addPerson(NewPerson(name: "Solo", type: "friend"))
        guard case .list(let loneGaps) = try lone.runReport("coverage").blocks[2] else {
            Issue.record("no gaps"); return
        }
        #expect(loneGaps.contains("No one gives you informational support."))
        #expect(loneGaps.contains("Your inner circle is empty."))
        lone = try KithStore.inMemory()
    }

    @Test("rhythm compares days since contact with each cadence and counts interactions per week")
    func rhythm() throws {
        let s = try store()
        try contact(s, "Ana", "2026-03-09")
        try contact(s, "Dee", "2026-03-03")
        try contact(s, "Dee", "2026-02-20")
        let doc = try s.runReport("rhythm", params: ["since": "2026-02-19", "until": "2026-03-11"])
        guard case .table(_, let rows) = doc.blocks[1] else { Issue.record("no table"); return }
        #expect(
            rows.map { $0.map(\.description) } == [
                ["Ana", "family", "7", "2", "on track"], ["Dee", "peer", "3", "8", "drifting"],
            ])
        #expect(doc.blocks[3] == .list(["Dee (8 days, every 3 days)"]))
        guard case .chart(.bar, _, let x, let series, _, _) = doc.blocks[4] else { Issue.record("no chart"); return }
        #expect(x == ["2026-02-19", "2026-02-26", "2026-03-05"])
        #expect(series[0].values == [1, 1, 1])
    }

    @Test("mood-connection compares days with and without contact, and says when there is too little data")
    func moodConnection() throws {
        let s = try store()
        for day in ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"] {
            try entry(s, day, mood: 4); try contact(s, "Ana", day)
        }
        for day in ["2026-03-05", "2026-03-06"] { try entry(s, day, mood: 2) }
        let thin = try s.runReport("mood-connection", params: ["since": "2026-03-01", "until": "2026-03-10"])
        #expect(
            thin.blocks[1]
                == .text(
                    "Too little data to compare: 4 days with contact and 2 without have a mood (at least 3 of each are needed)."
                ))
        try entry(s, "2026-03-07", mood: 1)
        try entry(s, "2026-03-07", mood: 3)  // two entries one day: the day's mean is 2
        let doc = try s.runReport("mood-connection", params: ["since": "2026-03-01", "until": "2026-03-10"])
        guard case .table(_, let rows) = doc.blocks[1] else { Issue.record("no table: \(doc.blocks)"); return }
        #expect(
            rows == [
                [.text("with contact"), .integer(4), .number(4)], [.text("without contact"), .integer(3), .number(2)],
            ])
        #expect(
            doc.blocks[2]
                == .metric(
                    label: "Difference", value: .number(2),
                    note: "mean mood with contact minus without, on a 1 to 5 scale"))
        // Mood on its 1 to 5 scale and the interaction count in two charts over the same days.
        guard case .chart(.line, let moodTitle, let x, let mood, let moodRange, _) = doc.blocks[4],
            case .chart(.bar, let contactTitle, let sameX, let contacts, let contactRange, _) = doc.blocks[5]
        else {
            Issue.record("no mood and interaction charts: \(doc.blocks)")
            return
        }
        #expect(
            moodTitle == "Mood by day" && moodRange == 1...5 && contactTitle == "Interactions by day"
                && contactRange == nil && sameX == x)
        #expect(x.count == 10 && mood.count == 1 && mood[0].values.prefix(8) == [4, 4, 4, 4, 2, 2, 2, nil])
        #expect(contacts.count == 1 && contacts[0].values.prefix(5) == [1, 1, 1, 1, 0])
    }

    @Test("weekly sums up one week against the week before")
    func weekly() throws {
        let s = try store()
        try entry(s, "2026-03-02", mood: 2)
        try entry(s, "2026-03-06", mood: 3)
        try entry(s, "2026-03-07", mood: 5)
        var group = NewPerson(name: "Harbor", type: "peer")
        group.kind = .group
        group.cadenceDays = .some(nil)
        _ = try s.addPerson(group)
        var meeting = NewScheduleEvent(title: "Group", starts: "2026-02-03T19:00:00Z")
        meeting.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("TU"), Recurrence.Day("FR")])
        _ = try s.addScheduleEvent(meeting)
        try contact(s, "Harbor", "2026-03-06", .groupMeeting)
        try contact(s, "Ana", "2026-03-07", received: [.emotional, .practical])
        let doc = try s.runReport("weekly", params: ["since": "2026-03-05"])
        #expect(doc.title == "Weekly summary, 2026-03-05 to 2026-03-11")
        #expect(doc.blocks[0] == .metric(label: "Journal entries", value: .integer(2), note: nil))
        #expect(doc.blocks[1] == .metric(label: "Mean mood", value: .number(4), note: "+2.00 from the week before"))
        #expect(doc.blocks[2] == .heading("Interactions: 2"))
        #expect(
            doc.blocks[3]
                == .table(
                    columns: ["Support type", "Interactions"],
                    rows: [[.text("family"), .integer(1)], [.text("peer"), .integer(1)]]))
        #expect(
            doc.blocks[4]
                == .table(
                    columns: ["Support received", "Interactions"],
                    rows: [
                        [.text("emotional"), .integer(2)], [.text("informational"), .integer(0)],
                        [.text("practical"), .integer(1)],
                    ]))
        #expect(doc.blocks[5] == .metric(label: "Meetings attended", value: .integer(1), note: "of 2 scheduled"))
        // Dee (every 3 days, never contacted since being added on the 11th) is not due yet; nothing else is.
        #expect(doc.blocks[6] == .heading("Reminders outstanding: 0"))
    }

    @Test("network places everyone on the convoy and lists them")
    func network() throws {
        let doc = try store().runReport("network")
        #expect(
            doc.blocks[1]
                == .convoy([
                    ConvoyMember(name: "Ana", circle: .inner, type: "family"),
                    ConvoyMember(name: "Bo", circle: .outer, type: "community"),
                    ConvoyMember(name: "Dee", circle: .inner, type: "peer", crisis: true),
                ]))
        guard case .table(_, let rows) = doc.blocks[3] else { Issue.record("no table"); return }
        #expect(rows.count == 3)
    }

    static let sample = ReportDocument(
        title: "Sample",
        blocks: [
            .heading("Mood"), .text("Average mood 3.4 (7 entries)."),
            .metric(label: "Days with contact", value: .integer(5), note: "of 7"),
            .list(["Call Ana", "Group on Tuesday"]),
            .table(
                columns: ["Day", "Mood", "Note"],
                rows: [[.text("2026-03-02"), .integer(4), .text("said \"hi\", then left")]]),
            .chart(
                kind: .line, title: "Mood", x: ["2026-03-02", "2026-03-03", "2026-03-04"],
                series: [ChartSeries(name: "mood", values: [4, 3, nil])]),
        ])

    @Test("every renderer renders every block")
    func renderers() throws {
        let text = ReportFormat.text.render(Self.sample)
        #expect(
            text.contains("Days with contact: 5 (of 7)") && text.contains("  - Call Ana") && text.contains("▁")
                && text.contains("2026-03-02  4"))
        let md = ReportFormat.markdown.render(Self.sample)
        #expect(
            md.hasPrefix("# Sample\n") && md.contains("## Mood") && md.contains("| Day | Mood | Note |")
                && md.contains("**Days with contact**: 5 (of 7)"))
        let csv = ReportFormat.csv.render(Self.sample)
        #expect(csv == "Day,Mood,Note\r\n2026-03-02,4,\"said \"\"hi\"\", then left\"\r\n")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(Self.sample).utf8)) as? [String: Any])
        let blocks = try #require(json["blocks"] as? [[String: Any]])
        #expect(json["title"] as? String == "Sample" && blocks.count == 6 && blocks[5]["chart"] as? String == "line")
        #expect((blocks[5]["series"] as? [[String: Any]])?.first?["values"] as? [Any] != nil)
        let html = ReportFormat.html.render(Self.sample)
        #expect(
            html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("<polyline")
                && html.contains(">mood</text>"))
        #expect(html.contains("said &quot;hi&quot;, then left") && !html.contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href="))
    }

    @Test("a malformed document is refused with the block named")
    func validation() {
        let wide = ReportDocument(
            title: "x",
            blocks: [.text("a"), .table(columns: ["a", "b"], rows: [[.integer(1), .integer(2)], [.integer(1)]])])
        #expect(throws: KithError(.invalidInput, "block 2 (table): row 2 has 1 cells, but the table has 2 columns")) {
            try wide.validate()
        }
        let chart = ReportDocument(
            title: "x",
            blocks: [.chart(kind: .bar, title: nil, x: ["a"], series: [ChartSeries(name: "s", values: [1, 2])])])
        #expect(throws: KithError(.invalidInput, "block 1 (chart): series 's' has 2 values, but x has 1 labels")) {
            try chart.validate()
        }
        func mood(_ values: [Double?], range: ClosedRange<Double>? = 1...5, bands: [ChartBand] = []) -> ReportDocument {
            ReportDocument(
                title: "x",
                blocks: [
                    .chart(
                        kind: .line, title: nil, x: ["a", "b"], series: [ChartSeries(name: "mood", values: values)],
                        yRange: range, bands: bands)
                ])
        }
        #expect(
            throws: KithError(
                .invalidInput, "block 1 (chart): series 'mood' has 7 at \"b\", outside 'y_min' to 'y_max' (1 to 5)")
        ) {
            try mood([3, 7]).validate()
        }
        #expect(throws: KithError(.invalidInput, "block 1 (chart): 'y_min' (3) must be below 'y_max' (3)")) {
            try mood([3, 3], range: 3...3).validate()
        }
        #expect(
            throws: KithError(
                .invalidInput,
                "block 1 (chart): series 'mood' has a value at \"a\" that is not a finite number of at most 10^15 in size"
            )
        ) {
            try mood([Double.nan, 3]).validate()
        }
        let overlapping = [ChartBand(from: 1, to: 3, label: "low"), ChartBand(from: 2, to: 5, label: "high")]
        #expect(throws: KithError(.invalidInput, "block 1 (chart): 'bands' \"low\" and \"high\" overlap")) {
            try mood([3, 3], bands: overlapping).validate()
        }
        let many = (0..<13).map { ChartBand(from: Double($0), to: Double($0) + 1, label: "b\($0)") }
        #expect(throws: KithError(.invalidInput, "block 1 (chart): 'bands' has 13 bands; a chart shows at most 12")) {
            try mood([3, 3], range: nil, bands: many).validate()
        }
        #expect(
            throws: KithError(.invalidInput, "block 1 (chart): 'bands' band 1 (\"deep\") runs outside the axis, 1 to 5")
        ) {
            try mood([3, 3], bands: [ChartBand(from: 0, to: 2, label: "deep")]).validate()
        }
    }

    @Test("a fixed axis and bands are kept in JSON, and the sparkline is drawn on the fixed scale")
    func fixedAxis() throws {
        let doc = ReportDocument(
            title: "x",
            blocks: [
                .chart(
                    kind: .line, title: "Mood", x: ["2026-03-01", "2026-03-02"],
                    series: [ChartSeries(name: "mood", values: [3, 3])], yRange: 1...5,
                    bands: [ChartBand(from: 1, to: 2, label: "low")])
            ])
        try doc.validate()
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportFormat.json.render(doc).utf8)) as? [String: Any])
        let block = try #require((json["blocks"] as? [[String: Any]])?.first)
        #expect((block["y_min"] as? NSNumber)?.doubleValue == 1 && (block["y_max"] as? NSNumber)?.doubleValue == 5)
        #expect((block["bands"] as? [[String: Any]])?.first?["label"] as? String == "low")
        // Moods of 3 sit mid-scale, not at the bottom of a scale of their own.
        #expect(
            ReportFormat.text.render(doc).contains("mood  ▅▅  3..3 (scale 1 to 5)"), "\(ReportFormat.text.render(doc))")
        let html = ReportFormat.html.render(doc)
        for tick in ["1", "2", "3", "4", "5"] {
            #expect(html.contains("class=\"y-tick\"") && html.contains(">\(tick)</text>"))
        }
        #expect(
            html.contains("<title id=\"chart-1-title\">Mood</title>") && html.contains("<desc id=\"chart-1-desc\">"))
    }
}
