import Foundation
import Testing
import KithCore

@Suite("kith journal: writing, listing and searching from the command line")
struct CLIJournalTests {
    private func entry(_ result: ProcessResult) throws -> JournalEntry {
        try JSONDecoder().decode(JournalEntry.self, from: result.stdoutData)
    }

    private func entries(_ result: ProcessResult) throws -> [JournalEntry] {
        try JSONDecoder().decode([JournalEntry].self, from: result.stdoutData)
    }

    @Test("journal add keeps mood, tags, metrics and people, and --json prints the entry")
    func add() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Ana", "--type", "family"])
        try sandbox.succeed(["people", "add", "Dee", "--type", "peer"])
        let added = try entry(
            try sandbox.succeed([
                "journal", "add", "Went to group", "--mood", "4", "--tag", "group", "--tag", "Work",
                "--metric", "sleep_hours=7.5", "--metric", "craving=2", "--person", "Dee", "--person", "Ana", "--json",
            ]))
        #expect(added.text == "Went to group")
        #expect(added.mood == 4)
        #expect(added.at == KithSandbox.fixedNow)
        #expect(added.tags == ["group", "work"])
        #expect(added.metrics == ["sleep_hours": .number(7.5), "craving": .integer(2)])
        #expect(added.people == [1, 2])

        let shown = try entry(try sandbox.succeed(["journal", "show", String(added.id), "--json"]))
        #expect(shown == added)
        let text = try sandbox.succeed(["journal", "show", String(added.id)])
        #expect(text.stdout.contains("mood 4/5"))
        #expect(text.stdout.contains("#group #work"))
        #expect(text.stdout.contains("craving=2  sleep_hours=7.5"))
        #expect(text.stdout.contains("with Ana, Dee"))
        #expect(text.stdout.contains("Went to group"))

        let plain = try sandbox.succeed(["journal", "add", "Quiet day", "--mood", "3"])
        #expect(plain.stdout.hasPrefix("Added entry #\(added.id + 1) at 2026-03-04 12:00"))
    }

    @Test("journal list --tag X --json lists only entries with that tag, newest first")
    func listByTag() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "Group call with Dee", "--tag", "group", "--at", "2026-03-01T19:00:00Z"])
        try sandbox.succeed(["journal", "add", "Quiet day at home", "--tag", "home", "--at", "2026-03-02T19:00:00Z"])
        try sandbox.succeed([
            "journal", "add", "Went to group again", "--tag", "group", "--tag", "connected",
            "--at", "2026-03-03T19:00:00Z",
        ])

        let group = try entries(try sandbox.succeed(["journal", "list", "--tag", "group", "--json"]))
        #expect(group.map(\.text) == ["Went to group again", "Group call with Dee"])
        #expect(group.allSatisfy { $0.tags.contains("group") })
        #expect(try entries(try sandbox.succeed(["journal", "list", "--tag", "GROUP", "--json"])) == group)
        #expect(
            try entries(try sandbox.succeed(["journal", "list", "--tag", "home", "--json"])).map(\.text) == [
                "Quiet day at home"
            ])
        #expect(try entries(try sandbox.succeed(["journal", "list", "--tag", "nothing", "--json"])).isEmpty)

        let all = try entries(try sandbox.succeed(["journal", "list", "--json"]))
        #expect(all.map(\.at) == ["2026-03-03T19:00:00Z", "2026-03-02T19:00:00Z", "2026-03-01T19:00:00Z"])
        #expect(
            try entries(try sandbox.succeed(["journal", "list", "--limit", "1", "--json"])).map(\.id) == [all[0].id])
        let window = try entries(
            try sandbox.succeed(["journal", "list", "--since", "2026-03-02", "--until", "2026-03-02", "--json"]))
        #expect(window.map(\.text) == ["Quiet day at home"])
    }

    @Test("journal search WORD --json finds entries by their words")
    func search() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "Craving in the evening, called Dee", "--mood", "2"])
        try sandbox.succeed(["journal", "add", "Walked by the river", "--mood", "4"])
        try sandbox.succeed(["journal", "add", "Coffee at the caf\u{E9}", "--mood", "4"])

        let river = try entries(try sandbox.succeed(["journal", "search", "river", "--json"]))
        #expect(river.map(\.text) == ["Walked by the river"])
        let craving = try entries(try sandbox.succeed(["journal", "search", "CRAVING", "--json"]))
        #expect(craving.map(\.text) == ["Craving in the evening, called Dee"])
        let cafe = try entries(try sandbox.succeed(["journal", "search", "cafe", "--json"]))
        #expect(cafe.map(\.text) == ["Coffee at the caf\u{E9}"])
        let the = try entries(try sandbox.succeed(["journal", "search", "the", "--json"]))
        #expect(the.count == 3)
        #expect(try entries(try sandbox.succeed(["journal", "search", "the", "--limit", "2", "--json"])).count == 2)
        #expect(
            try entries(try sandbox.succeed(["journal", "search", "\"river", "--json"])).map(\.text) == [
                "Walked by the river"
            ])
        #expect(try entries(try sandbox.succeed(["journal", "search", "mountain", "--json"])).isEmpty)
        let noMatch = try sandbox.succeed(["journal", "search", "mountain"])
        #expect(noMatch.stdout.contains("No entry mentions"))
    }

    @Test("--now overrides KITH_NOW for an entry's time, and --at sets the time explicitly")
    func clockOverrides() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let byEnvironment = try entry(try sandbox.succeed(["journal", "add", "default time", "--mood", "3", "--json"]))
        #expect(byEnvironment.at == KithSandbox.fixedNow)

        let byFlag = try entry(
            try sandbox.succeed([
                "journal", "add", "flag time", "--mood", "3",
                "--now", "2026-01-02T03:04:05+01:00", "--json",
            ]))
        #expect(byFlag.at == "2026-01-02T02:04:05Z")

        let otherEnvironment = try sandbox.kith(
            ["journal", "add", "env time", "--mood", "3", "--json"],
            environment: ["KITH_NOW": "2025-12-31T23:00:00-02:00"])
        #expect(otherEnvironment.status == 0, "\(otherEnvironment.summary)")
        #expect(try entry(otherEnvironment).at == "2026-01-01T01:00:00Z")

        let explicit = try entry(
            try sandbox.succeed([
                "journal", "add", "explicit time", "--mood", "3",
                "--at", "2026-02-01T08:00:00-05:00", "--json",
            ]))
        #expect(explicit.at == "2026-02-01T13:00:00Z")

        let listed = try entries(try sandbox.succeed(["journal", "list", "--json"]))
        #expect(listed.map(\.text) == ["default time", "explicit time", "flag time", "env time"])
    }
}
