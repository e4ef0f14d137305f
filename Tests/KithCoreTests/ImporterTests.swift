import Foundation
import Testing
@testable import KithCore

/// Importers on real exported files (Tests/Fixtures, with their sources in its README).
@Suite("Importers: Daylio, jrnl and vCard files")
struct ImporterTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let utc = TimeZone(identifier: "UTC")!

    func text(_ path: String) throws -> String {
        try String(contentsOf: Self.fixtures.appendingPathComponent(path), encoding: .utf8)
    }
    func store() throws -> KithStore { try KithStore.inMemory(clock: .fixed(1_772_359_200, timeZone: Self.utc)) }

    @Test("a Daylio export with renamed labels is refused, listing them and how to map them")
    func daylioUnknownLabels() throws {
        let error = #expect(throws: KithError.self) {
            try DaylioImporter().plan(try text("daylio/sample.csv"), file: "sample.csv", timeZone: Self.utc)
        }
        #expect(
            error?.description
                == "sample.csv uses mood labels Kith does not know: \"average\", \"sad\"; nothing was imported; map each to 1 (awful) .. 5 (rad), for example average=3,sad=3"
        )
        #expect(error?.hint == .mapMoods(example: "average=3,sad=3"))
    }

    @Test("a Daylio export imports moods, 12-hour times and activities as tags, once")
    func daylio() throws {
        let s = try store()
        let plan = try DaylioImporter(moodMap: "sad=2,average=3").plan(
            try text("daylio/sample.csv"), file: "sample.csv", timeZone: Self.utc)
        #expect(try s.apply(plan, file: "sample.csv").entriesAdded == 3)
        let again = try s.apply(plan, file: "sample.csv")
        #expect(again.entriesAdded == 0 && again.entriesSkipped == 3)
        let newest = try #require(try s.journalEntries().first)
        #expect(newest.at == "2021-09-28T22:00:00Z" && newest.mood == 2)
        #expect(newest.tags == ["bad-sleep", "clean", "movies-tv", "music", "sleep-early", "stomachache", "tired"])
    }

    @Test("Daylio: 24-hour times, two entries a day, no final newline, labels mapped case-insensitively")
    func daylioMultipleMoods() throws {
        let s = try store()
        let plan = try DaylioImporter(moodMap: "OK=3,Refreshed=4,ok but sleepy=3,Anxious=2")
            .plan(try text("daylio/sample_multiple_moods.csv"), file: "m.csv", timeZone: Self.utc)
        #expect(plan.entries.count == 7)
        _ = try s.apply(plan, file: "m.csv")
        let may12 = try s.journalEntries(
            JournalFilter(
                since: try Fixture.bound("2021-05-12", "since"), until: try Fixture.bound("2021-05-12", "until")))
        #expect(may12.map(\.at) == ["2021-05-12T18:52:00Z", "2021-05-12T15:40:00Z"])
        #expect(try s.journalEntries().contains { $0.mood == 4 && $0.tags == ["sleeping"] })
    }

    @Test("the older Daylio layout, starting with year, is read too")
    func daylioOlderLayout() throws {
        let csv =
            "year,date,weekday,time,mood,activities,note\n2019,3 March,Sunday,9:15 am,rad,\"friends | walk\",\"Good day\"\n2019,2 March,Saturday,11:40 pm,awful,\"\",\"\"\n"
        let plan = try DaylioImporter().plan(csv, file: "old.csv", timeZone: Self.utc)
        #expect(plan.entries.map(\.entry.at) == ["2019-03-03T09:15:00Z", "2019-03-02T23:40:00Z"])
        #expect(plan.entries.map(\.entry.mood) == [5, 1])
        #expect(plan.entries[0].entry.tags == ["friends", "walk"] && plan.entries[0].entry.text == "Good day")
    }

    @Test("a malformed Daylio line imports nothing and names the line and field")
    func daylioBadLine() throws {
        let s = try store()
        let csv =
            "full_date,date,weekday,time,mood,activities,note_title,note\n2021-09-28,28 September,Tuesday,10:00 pm,good,\"\",\"\",\"\"\n2021-09-27,27 September,Monday,25:00,bad,\"\",\"\",\"\"\n"
        let error = #expect(throws: KithError.self) {
            try s.apply(try DaylioImporter().plan(csv, file: "d.csv", timeZone: Self.utc), file: "d.csv")
        }
        #expect(
            error?.description
                == "d.csv:3: field 'time' must be like \"10:00 pm\" or \"18:52\", got \"25:00\"; nothing was imported")
        #expect(try s.journalEntries().isEmpty)
    }

    @Test("a jrnl export imports title and body, tags without @, and stars")
    func jrnl() throws {
        let s = try store()
        let summary = try s.apply(
            try JrnlImporter.plan(try text("jrnl/export.json"), file: "j.json", timeZone: Self.utc), file: "j.json")
        #expect(summary.entriesAdded == 3)
        let first = try #require(try s.journalEntries().last)
        #expect(first.text == "Went to group tonight.\nShared for the first time.\nFelt lighter after.")
        #expect(first.tags == ["group", "starred"] && first.at == "2026-02-24T21:15:00Z")
        let broken = #expect(throws: KithError.self) {
            try JrnlImporter.plan("{\"entries\": [{\"title\": \"x\"}]}", file: "b.json", timeZone: Self.utc)
        }
        #expect(broken?.description.contains("missing 'date'") == true)
    }

    @Test("vCard 4.0 files from vobject: escaped commas, URI phones, groups, language variants")
    func vcard40() throws {
        let importer = VCardImporter()
        let full = try #require(
            try importer.plan(try text("vcard/vcard40_full.vcf"), file: "f.vcf").people.first?.person)
        #expect(
            full.name == "Dr. John Q. Public, III" && full.phone == "+1-555-555-5555"
                && full.email == "johnny@personal.example.org")
        #expect(full.type == "community" && full.notes == "This is a note about John.\nHe likes vCards.")
        let group = try #require(
            try importer.plan(try text("vcard/vcard40_group.vcf"), file: "g.vcf").people.first?.person)
        #expect(group.name == "The Doe Family" && group.kind == .group)
        let multi = try importer.plan(try text("vcard/vcard40_multilang.vcf"), file: "m.vcf").people.map(\.person.name)
        #expect(multi == ["Yamada Taro"])
    }

    @Test("vCard 2.1 quoted-printable and 3.0 folding and Apple related names")
    func vcardOlder() throws {
        let importer = VCardImporter()
        let android = try importer.plan(try text("vcard/android21_qp.vcf"), file: "a.vcf").people.map(\.person)
        #expect(android.map(\.name) == ["Jennifer Kołodziej", "Дмитрий Михальченков"])
        #expect(
            android[0].phone == "(847) 555-0123" && android[0].email == "jen@example.com" && android[0].type == "family"
        )
        #expect(android[1].notes == "Café on Tuesdays")
        let apple = try importer.plan(try text("vcard/apple30_related.vcf"), file: "b.vcf").people.map(\.person)
        #expect(apple.map(\.name) == ["Sam Rivera", "Ana Rivera", "Dee Walker", "Chris"])
        #expect(apple.map(\.type) == ["peer", "family", "peer", "friend"])
        #expect(apple[0].notes == "Met at the Tuesday group. Prefers texts, not calls.\nSober since 2021.")
        let s = try store()
        #expect(
            try s.apply(try importer.plan(try text("vcard/apple30_related.vcf"), file: "b.vcf"), file: "b.vcf")
                .peopleAdded == 4)
        #expect(
            try s.apply(try importer.plan(try text("vcard/apple30_related.vcf"), file: "b.vcf"), file: "b.vcf")
                .peopleSkipped == 4)
    }

    @Test("a broken vCard is refused with its line")
    func vcardBroken() {
        let error = #expect(throws: KithError.self) {
            try VCardImporter().plan("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\n", file: "x.vcf")
        }
        #expect(error?.description == "x.vcf:1: the card is never closed with END:VCARD; nothing was imported")
        let noName = #expect(throws: KithError.self) {
            try VCardImporter().plan("BEGIN:VCARD\nVERSION:3.0\nTEL:1\nEND:VCARD\n", file: "y.vcf")
        }
        #expect(noName?.description == "y.vcf:1: a card has no name (FN or N); nothing was imported")
    }
}
