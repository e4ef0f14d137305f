import Foundation
import Testing
@testable import KithCore

/// Local times in files and rules where the clock jumps: the spring gap (a time that does not
/// exist) and the autumn overlap (a time that happens twice). Kith follows RFC 5545 3.3.5
/// for both: a time in the gap moves forward by the gap's length, and a repeated time means
/// its first occurrence (daylight time). docs/schedule-and-reminders.md says so.
@Suite("daylight saving in imports and recurrence")
struct DaylightSavingImportTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    func store() throws -> KithStore {
        try KithStore.inMemory(
            clock: .fixed(try KithTime.parseInstant("2026-12-01T12:00:00Z", field: "now"), timeZone: Self.newYork))
    }

    @Test("Daylio rows in the spring gap and the autumn overlap, read in New York")
    func daylio() throws {
        let csv = """
            full_date,date,weekday,time,mood,activities,note_title,note
            2026-03-08,8 Mar,Sunday,01:59,good,"","","before the gap"
            2026-03-08,8 Mar,Sunday,02:30,good,"","","in the gap"
            2026-03-08,8 Mar,Sunday,03:00,good,"","","after the gap"
            2026-11-01,1 Nov,Sunday,00:59,good,"","","before the overlap"
            2026-11-01,1 Nov,Sunday,01:30,good,"","","in the overlap"
            2026-11-01,1 Nov,Sunday,02:00,good,"","","after the overlap"
            """
        let plan = try DaylioImporter().plan(csv, file: "dst.csv", timeZone: Self.newYork)
        let at = Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.entry.text, $0.entry.at ?? "") })
        #expect(at["before the gap"] == "2026-03-08T06:59:00Z")  // 01:59 EST
        #expect(at["in the gap"] == "2026-03-08T07:30:00Z")  // 02:30 does not exist: 03:30 EDT
        #expect(at["after the gap"] == "2026-03-08T07:00:00Z")  // 03:00 EDT
        #expect(at["before the overlap"] == "2026-11-01T04:59:00Z")  // 00:59 EDT
        #expect(at["in the overlap"] == "2026-11-01T05:30:00Z")  // the first 01:30, EDT
        #expect(at["after the overlap"] == "2026-11-01T07:00:00Z")  // 02:00 EST
        let s = try store()
        #expect(try s.apply(plan, file: "dst.csv").entriesAdded == 6)
        #expect(try s.apply(plan, file: "dst.csv").entriesSkipped == 6, "a second import finds each instant again")
    }

    @Test("jrnl entries in the spring gap and the autumn overlap, read in New York")
    func jrnl() throws {
        let json = """
            {"tags": {}, "entries": [
              {"date": "2026-03-08", "time": "02:30", "title": "in the gap", "body": "", "tags": [], "starred": false},
              {"date": "2026-11-01", "time": "01:30", "title": "in the overlap", "body": "", "tags": [], "starred": false}
            ]}
            """
        let plan = try JrnlImporter.plan(json, file: "dst.json", timeZone: Self.newYork)
        let at = Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.entry.text, $0.entry.at ?? "") })
        #expect(at["in the gap"] == "2026-03-08T07:30:00Z", "\(at)")
        #expect(at["in the overlap"] == "2026-11-01T05:30:00Z", "\(at)")
    }

    @Test("a weekly 01:30 meeting on the autumn change happens once, at the first 01:30")
    func repeatedHour() throws {
        let s = try store()
        var event = NewScheduleEvent(title: "Night call", starts: "2026-10-25T01:30:00-04:00")
        event.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("SU")])
        _ = try s.addScheduleEvent(event)
        let got = try s.occurrences(
            since: try Fixture.bound("2026-10-24T00:00:00Z", "since"),
            until: try Fixture.bound("2026-11-10T00:00:00Z", "until")
        ).map(\.starts)
        // 01:30 EDT on 25 Oct; on 1 Nov 01:30 happens twice, and only the first (EDT) counts;
        // 01:30 EST on 8 Nov.
        #expect(got == ["2026-10-25T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"])
    }
}
