import Foundation
import KithCore
import KithLua
import Testing
@testable import KithPlugins

/// Assessments defined by the bundled instrument plugins, recorded through the store.
@Suite("assessments from the bundled instrument plugins")
struct AssessmentTests {
    static let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("plugins").path

    func host(_ f: PluginFixture) -> PluginHost {
        let host = PluginHost(store: f.store)
        host.report = { [unowned f] in f.reports.append($0) }
        host.loadAll(
            path: PluginPath(folders: [
                .init(path: Self.bundled, origin: "bundled"), .init(path: f.pluginsFolder, origin: "test"),
            ]))
        return host
    }

    @Test("the five instruments load with their published item counts")
    func instruments() throws {
        let f = try PluginFixture()
        let h = host(f)
        let counts = Dictionary(uniqueKeysWithValues: f.store.catalog.assessments.map { ($0.id, $0.requiredCount) })
        #expect(counts == ["phq9": 9, "gad7": 7, "mspss": 12, "ucla3": 3, "lsns6": 6])
        // PHQ-9 and GAD-7 ask the difficulty question after their items, outside the total.
        let optional = f.store.catalog.assessments.flatMap { a in a.items.filter(\.optional).map { "\(a.id).\($0.id)" }
        }.sorted()
        #expect(optional == ["gad7.difficulty", "phq9.difficulty"])
        #expect(h.failures.isEmpty)
    }

    @Test("bad answers are refused naming the item; nothing is recorded")
    func badAnswers() throws {
        let f = try PluginFixture()
        let h = host(f)
        let phq9 = try #require(f.store.catalog.assessments.first { $0.id == "phq9" })
        #expect(throws: KithError.invalid("answers", "has 3 values, but PHQ-9 has 9 items (and 1 optional after them)"))
        { try phq9.answers(inOrder: [0, 1, 2]) }
        let outside = #expect(throws: KithError.self) {
            try f.store.recordAssessment("phq9", answers: try phq9.answers(inOrder: [0, 0, 0, 0, 7, 0, 0, 0, 0]))
        }
        #expect(outside?.description == "field 'answers' item 5: 7 is not one of the choices (0, 1, 2, 3)")
        #expect(try f.store.assessmentResults().isEmpty)
        withExtendedLifetime(h) {}
    }

    @Test("a result is stored, listed newest first, raises assessment.recorded, and has a report over time")
    func recordAndReport() throws {
        let f = try PluginFixture()
        try f.plugin(
            "watcher", permissions: ["assessments.read"],
            """
            kith.on("assessment.recorded", function(r) kith.store.set("last", r.assessment .. " " .. r.total .. " " .. #r.flags) end)
            """)
        let h = host(f)
        let phq9 = try #require(f.store.catalog.assessments.first { $0.id == "phq9" })
        _ = try f.store.recordAssessment(
            "phq9", answers: try phq9.answers(inOrder: [2, 2, 2, 2, 2, 1, 1, 0, 0]), at: "2026-02-01T10:00:00Z")
        let second = try f.store.recordAssessment(
            "phq9", answers: try phq9.answers(inOrder: [1, 1, 1, 0, 0, 0, 0, 0, 1]), at: "2026-03-01T10:00:00Z")
        #expect(second.total == 4 && second.band == "minimal" && second.flags.count == 1)
        #expect(try f.store.assessmentResults(AssessmentFilter(assessment: "phq9")).map(\.total) == [4, 12])
        #expect(try f.store.pluginValue(owner: "watcher", key: "last") == #""phq9 4 1""#)
        let report = try f.store.runReport("phq9", params: ["since": "2026-01-01", "until": "2026-03-31"])
        #expect(
            report.blocks.first
                == .text(
                    "Asked: Over the last 2 weeks, how often have you been bothered by any of the following problems?"))
        #expect(
            report.blocks.dropFirst().first
                == .metric(label: "Latest total", value: .number(4), note: "2026-03-01, minimal"))
        #expect(
            report.blocks.contains {
                if case .chart(.line, _, let x, let s, _, _) = $0 {
                    return x == ["2026-02-01", "2026-03-01"] && s[0].values == [12, 4]
                } else {
                    return false
                }
            })
        withExtendedLifetime(h) {}
    }

    @Test("the export holds results and the safety plan, and import -> export is byte-identical")
    func exportRoundTrip() throws {
        let f = try PluginFixture()
        let h = host(f)
        _ = try f.store.addPerson(NewPerson(name: "Ana", type: "family"))
        let gad7 = try #require(f.store.catalog.assessments.first { $0.id == "gad7" })
        _ = try f.store.recordAssessment("gad7", answers: try gad7.answers(inOrder: [1, 2, 3, 0, 1, 2, 3]))
        try f.store.replaceSafetyPlan([(.warningSigns, "Not sleeping", nil), (.help, "call after 6 pm", .name("Ana"))])
        let first = try f.store.exportDocument().encoded()
        let copy = try KithStore.inMemory(clock: f.store.clock)
        try copy.importDocument(try StoreExport.decode(first, file: "x"))
        #expect(try copy.exportDocument().encoded() == first)
        #expect(try copy.safetyPlan().items[.help]?.first?.line == "Ana: call after 6 pm")
        withExtendedLifetime(h) {}
    }
}
