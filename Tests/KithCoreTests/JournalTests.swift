import Foundation
import Testing
import KithCore

@Suite("Journal: entries, metrics, filters, streaming and search")
struct JournalTests {
    private func entry(
        _ store: KithStore, at: String? = nil, mood: Int? = 3, text: String = "",
        tags: [String] = []
    ) throws -> JournalEntry {
        var new = NewJournalEntry()
        new.at = at
        new.mood = mood
        new.text = text
        new.tags = tags
        return try store.addJournalEntry(new)
    }

    @Test("an entry keeps its mood, text, tags, metrics and people, and reads back the same")
    func addEntry() throws {
        let store = try Fixture.store()
        let ana = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        let dee = try store.addPerson(NewPerson(name: "Dee", type: "peer"))
        var new = NewJournalEntry()
        new.mood = 4
        new.text = "Good day at group."
        new.tags = ["Group", "work", "group"]
        new.metrics = ["sleep_hours": .number(7.5), "craving": .integer(2)]
        new.people = [.name("Dee"), .name("Ana"), .id(ana.id)]
        let added = try store.addJournalEntry(new)
        #expect(added.at == Fixture.nowText)
        #expect(added.mood == 4)
        #expect(added.text == "Good day at group.")
        #expect(added.tags == ["group", "work"])
        #expect(added.metrics == ["sleep_hours": .number(7.5), "craving": .integer(2)])
        #expect(added.people == [ana.id, dee.id].sorted())
        #expect(try store.journalEntry(added.id) == added)
        #expect(try store.journalEntry(added.id + 1) == nil)
    }

    @Test("metric values are normalised to their metric's kind")
    func metricKinds() throws {
        let store = try Fixture.store()
        var new = NewJournalEntry()
        new.metrics = ["sleep_hours": .integer(8), "craving": .number(3)]
        let added = try store.addJournalEntry(new)
        #expect(added.metrics == ["sleep_hours": .number(8), "craving": .integer(3)])
        #expect(try store.journalEntry(added.id)?.metrics == added.metrics)
    }

    @Test("a mood of 9 is refused with a message naming the field, and nothing is written")
    func moodOutOfRange() throws {
        let store = try Fixture.store()
        var new = NewJournalEntry()
        new.mood = 9
        new.text = "x"
        let error = #expect(throws: KithError.self) { _ = try store.addJournalEntry(new) }
        #expect(error?.description == "field 'mood' must be an integer from 1 to 5, got 9")
        #expect(error?.field == "mood")
        new.mood = 0
        #expect(throws: KithError.self) { _ = try store.addJournalEntry(new) }
        #expect(try store.journalEntries().count == 0)
    }

    @Test("an empty entry, an unknown metric and out-of-range metrics are refused, and nothing is written")
    func refusedEntries() throws {
        let store = try Fixture.store()
        let empty = #expect(throws: KithError.self) { _ = try store.addJournalEntry(NewJournalEntry()) }
        #expect(empty?.kind == .invalidInput)

        var unknown = NewJournalEntry()
        unknown.metrics = ["nope": .integer(1)]
        let unknownError = #expect(throws: KithError.self) { _ = try store.addJournalEntry(unknown) }
        #expect(unknownError?.field == "metrics")
        #expect(unknownError?.description.contains("\"nope\"") == true)

        let cases: [(String, MetricValue, String)] = [
            ("craving", .integer(11), "from 0 to 10"), ("craving", .integer(-1), "from 0 to 10"),
            ("sleep_hours", .number(24.5), "from 0 to 24"), ("stress", .number(2.5), "an integer"),
            ("craving", .text("lots"), "an integer"), ("sleep_hours", .boolean(true), "a number"),
        ]
        for (id, value, explanation) in cases {
            var new = NewJournalEntry()
            new.mood = 3
            new.metrics = [id: value]
            let error = #expect(throws: KithError.self) { _ = try store.addJournalEntry(new) }
            #expect(error?.field == "metrics.\(id)")
            #expect(error?.description.contains(explanation) == true, "\(id) = \(value)")
        }
        #expect(try store.journalEntries().isEmpty)
    }

    @Test("boolean and text metrics defined in a catalog are stored and read back with their kind")
    func definedMetrics() throws {
        let catalog = Catalog()
        try catalog.define(MetricDefinition(id: "meds_taken", name: "Took medication", kind: .boolean))
        try catalog.define(MetricDefinition(id: "grateful_for", name: "Grateful for", kind: .text))
        try catalog.define(MetricDefinition(id: "steps", name: "Steps", kind: .integer, min: 0))
        let duplicate = #expect(throws: KithError.self) {
            try catalog.define(MetricDefinition(id: "craving", name: "Craving again", kind: .integer))
        }
        #expect(duplicate?.kind == .conflict)
        let store = try Fixture.store(catalog: catalog)

        var new = NewJournalEntry()
        new.metrics = ["meds_taken": .boolean(true), "grateful_for": .text("true"), "steps": .integer(12_000)]
        let added = try store.addJournalEntry(new)
        #expect(
            try store.journalEntry(added.id)?.metrics
                == ["meds_taken": .boolean(true), "grateful_for": .text("true"), "steps": .integer(12_000)])

        new.metrics = ["grateful_for": .text("sun, \"tea\" and 7")]
        let quoted = try store.addJournalEntry(new)
        #expect(try store.journalEntry(quoted.id)?.metrics["grateful_for"] == .text("sun, \"tea\" and 7"))

        new.metrics = ["meds_taken": .integer(1)]
        let wrongKind = #expect(throws: KithError.self) { _ = try store.addJournalEntry(new) }
        #expect(wrongKind?.field == "metrics.meds_taken")

        let meds = try #require(catalog.metric("meds_taken"))
        #expect(try meds.parse("yes") == .boolean(true))
        #expect(try meds.parse("false") == .boolean(false))
        #expect(throws: KithError.self) { _ = try meds.parse("maybe") }
        #expect(try store.journalEntries().count == 2)
    }

    @Test("entries list newest first, filtered by since, until, tag and limit")
    func filters() throws {
        let store = try Fixture.store()
        let times = [
            "2026-03-01T12:00:00Z", "2026-03-02T12:00:00Z", "2026-03-03T08:00:00Z",
            "2026-03-03T23:59:59Z", "2026-03-04T00:00:00Z", "2026-03-05T12:00:00Z",
        ]
        for index in [3, 0, 5, 1, 4, 2] {  // added out of order, so ids do not follow time
            _ = try entry(store, at: times[index], text: "entry \(index)", tags: index % 2 == 0 ? ["even"] : [])
        }
        func listed(_ filter: JournalFilter) throws -> [String] { try store.journalEntries(filter).map(\.at) }

        #expect(try listed(JournalFilter()) == Array(times.reversed()))
        #expect(
            try listed(JournalFilter(since: try Fixture.bound("2026-03-02", "since"))) == Array(times[1...].reversed()))
        #expect(
            try listed(JournalFilter(until: try Fixture.bound("2026-03-03", "until"))) == Array(times[...3].reversed()))
        #expect(
            try listed(
                JournalFilter(
                    since: try Fixture.bound("2026-03-02", "since"), until: try Fixture.bound("2026-03-03", "until")))
                == Array(times[1...3].reversed()))
        #expect(
            try listed(JournalFilter(since: try Fixture.bound("2026-03-03T08:00:00Z", "since")))
                == Array(times[2...].reversed()))
        #expect(
            try listed(JournalFilter(until: try Fixture.bound("2026-03-03T08:00:00+00:00", "until")))
                == Array(times[...2].reversed()))
        #expect(try listed(JournalFilter(limit: 2)) == [times[5], times[4]])
        #expect(try listed(JournalFilter(tag: "even")) == [times[4], times[2], times[0]])
        #expect(try listed(JournalFilter(tag: "EVEN", limit: 1)) == [times[4]])
        #expect(try listed(JournalFilter(tag: "missing")) == [])

        let backwards = #expect(throws: KithError.self) {
            _ = try listed(
                JournalFilter(
                    since: try Fixture.bound("2026-03-04", "since"), until: try Fixture.bound("2026-03-02", "until")))
        }
        #expect(backwards?.field == "until")
        let badSince = #expect(throws: KithError.self) {
            _ = try listed(JournalFilter(since: try Fixture.bound("notadate", "since")))
        }
        #expect(badSince?.field == "since")
        let badLimit = #expect(throws: KithError.self) { _ = try listed(JournalFilter(limit: 0)) }
        #expect(badLimit?.field == "limit")
    }

    @Test("entries at the same instant list by id, newest id first")
    func sameInstant() throws {
        let store = try Fixture.store()
        let first = try entry(store, at: "2026-03-01T09:00:00Z", text: "first")
        let second = try entry(store, at: "2026-03-01T10:00:00+01:00", text: "second")
        #expect(first.at == second.at)
        #expect(try store.journalEntries().map(\.id) == [second.id, first.id])
    }

    @Test("an update replaces the fields given and merges metrics")
    func update() throws {
        let store = try Fixture.store()
        let ana = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        var new = NewJournalEntry()
        new.mood = 2
        new.text = "Rough morning"
        new.tags = ["work", "tired"]
        new.metrics = ["sleep_hours": .number(5.5), "craving": .integer(6)]
        let before = try store.addJournalEntry(new)

        var changes = JournalChanges()
        changes.tags = ["better", "Evening"]
        changes.metrics = ["craving": .integer(2), "stress": .integer(4)]
        changes.people = [.name("Ana")]
        let after = try store.updateJournalEntry(before.id, changes)
        #expect(after.tags == ["better", "evening"])
        #expect(after.metrics == ["sleep_hours": .number(5.5), "craving": .integer(2), "stress": .integer(4)])
        #expect(after.people == [ana.id])
        #expect(after.text == before.text)
        #expect(after.mood == before.mood)
        #expect(after.at == before.at)
        #expect(try store.journalEntry(before.id) == after)
        #expect(try store.journalEntries(JournalFilter(tag: "work")).isEmpty)

        var clear = JournalChanges()
        clear.mood = .some(nil)
        clear.text = "Better evening"
        let cleared = try store.updateJournalEntry(before.id, clear)
        #expect(cleared.mood == nil)
        #expect(cleared.tags == after.tags)
        #expect(try store.journalEntry(before.id) == cleared)
        #expect(try store.searchJournal("rough").isEmpty)
        #expect(try store.searchJournal("evening").map(\.id) == [before.id])
    }

    @Test("a refused update changes nothing")
    func refusedUpdate() throws {
        let store = try Fixture.store()
        let before = try entry(store, text: "steady", tags: ["calm"])
        var changes = JournalChanges()
        changes.tags = ["new"]
        changes.metrics = ["craving": .integer(99)]
        #expect(throws: KithError.self) { _ = try store.updateJournalEntry(before.id, changes) }
        var badPerson = JournalChanges()
        badPerson.text = "changed"
        badPerson.people = [.name("Sam")]
        #expect(throws: KithError.self) { _ = try store.updateJournalEntry(before.id, badPerson) }
        let missing = #expect(throws: KithError.self) {
            _ = try store.updateJournalEntry(before.id + 100, JournalChanges())
        }
        #expect(missing?.kind == .notFound)
        #expect(try store.journalEntry(before.id) == before)
    }

    @Test("paging oldest first with cursors visits 1000 entries exactly once, in order")
    func streaming() throws {
        let store = try Fixture.store()
        try store.transaction { () throws -> Void in
            for i in 0..<1000 {
                let k = (i * 389) % 1000  // a permutation: ids do not follow time
                var new = NewJournalEntry()
                new.at = KithTime.formatInstant(Fixture.now - Int64(1000 - k / 3) * 60)  // threes share an instant
                new.text = "entry \(k)"
                new.tags = k % 2 == 0 ? ["even"] : []
                new.mood = 1 + k % 5
                _ = try store.addJournalEntry(new)
            }
        }

        func stream(_ filter: JournalFilter, size: Int) throws -> (entries: [JournalEntry], pages: Int) {
            var seen: [JournalEntry] = []
            var cursor: JournalCursor?
            var pages = 0
            while pages <= 2000 {
                let page = try store.journalPage(filter, after: cursor, size: size)
                #expect(page.count <= size)
                guard let last = page.last else { break }
                pages += 1
                seen += page
                cursor = JournalCursor(at: last.at, id: last.id)
            }
            return (seen, pages)
        }

        let all = try stream(JournalFilter(), size: 64)
        #expect(all.pages == 16)
        #expect(all.entries.count == 1000)
        #expect(Set(all.entries.map(\.id)).count == 1000)
        #expect(Set(all.entries.map(\.text)) == Set((0..<1000).map { "entry \($0)" }))
        let keys = all.entries.map { ($0.at, $0.id) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { pair in pair.0 < pair.1 })
        #expect(try all.entries.map(\.id) == store.journalEntries().reversed().map(\.id))

        let even = try stream(JournalFilter(tag: "even"), size: 7)
        #expect(even.entries.count == 500)
        #expect(even.entries.allSatisfy { $0.tags == ["even"] })
        #expect(Set(even.entries.map(\.id)).count == 500)
    }

    @Test("full-text search finds words, ignores case and accents, and survives malformed queries")
    func search() throws {
        let store = try Fixture.store()
        let group = try entry(store, at: "2026-03-01", text: "Went to the group meeting tonight")
        let craving = try entry(store, at: "2026-03-02", text: "Called Dee about cravings")
        let cafe = try entry(store, at: "2026-03-03", text: "Coffee at the caf\u{E9} with Ana")
        let shaky = try entry(store, at: "2026-03-04", text: "Feeling unbalanced after work")

        #expect(try store.searchJournal("group").map(\.id) == [group.id])
        #expect(try store.searchJournal("MEETING").map(\.id) == [group.id])
        #expect(try store.searchJournal("cafe").map(\.id) == [cafe.id])
        #expect(try store.searchJournal("crav*").map(\.id) == [craving.id])
        #expect(try Set(store.searchJournal("work OR group").map(\.id)) == [shaky.id, group.id])
        #expect(try store.searchJournal("\"unbalanced").map(\.id) == [shaky.id])
        #expect(try store.searchJournal("unbalanced (").map(\.id) == [shaky.id])
        #expect(try store.searchJournal("the", limit: 1).count == 1)
        #expect(try store.searchJournal("the").count == 2)
        #expect(try store.searchJournal("nothing").isEmpty)

        let punctuation = #expect(throws: KithError.self) { _ = try store.searchJournal("\"") }
        #expect(punctuation?.field == "query")
        let blank = #expect(throws: KithError.self) { _ = try store.searchJournal("   ") }
        #expect(blank?.field == "query")
    }
}
