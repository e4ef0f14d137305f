import Foundation
import Testing
@testable import KithCore

/// RFC 5545 recurrence, checked against the standard's own examples and across DST.
@Suite("Recurrence: RFC 5545 rules in the event's time zone")
struct RecurrenceTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    func store(_ zone: TimeZone = newYork) throws -> KithStore {
        try KithStore.inMemory(
            clock: .fixed(try KithTime.parseInstant("1997-09-01T09:00:00-04:00", field: "now"), timeZone: zone))
    }

    func starts(_ store: KithStore, _ rule: Recurrence?, first: String, until: String) throws -> [String] {
        var event = NewScheduleEvent(title: "e", starts: first)
        event.recurrence = rule
        let added = try store.addScheduleEvent(event)
        let upper = try KithTime.parseInstant(until, field: "until")
        return KithStore.expand(added, from: 0, through: upper).map { o in
            let seconds = try! KithTime.parseInstant(o.starts, field: "s")
            let local =
                seconds + Int64(Self.newYork.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
            return String(KithTime.formatInstant(local).prefix(16))
        }
    }

    @Test("daily for 10 occurrences (RFC 5545 3.8.5.3)")
    func dailyCount() throws {
        let s = try store()
        let got = try starts(
            s, try Recurrence(frequency: .daily, count: 10), first: "1997-09-02T09:00:00-04:00",
            until: "1998-01-01T00:00:00Z")
        #expect(got.count == 10 && got.first == "1997-09-02T09:00" && got.last == "1997-09-11T09:00")
    }

    @Test("every other day until a date")
    func dailyInterval() throws {
        let s = try store()
        let got = try starts(
            s, try Recurrence(frequency: .daily, interval: 2, until: "1997-09-12"), first: "1997-09-02T09:00:00-04:00",
            until: "1998-01-01T00:00:00Z")
        #expect(got.map { String($0.dropFirst(8).prefix(2)) } == ["02", "04", "06", "08", "10", "12"])
    }

    @Test("weekly on Tuesday and Thursday for five weeks (RFC 5545)")
    func weeklyByDay() throws {
        let s = try store()
        let rule = try Recurrence(frequency: .weekly, byDay: ["TU", "TH"].map(Recurrence.Day.init), count: 10)
        let got = try starts(s, rule, first: "1997-09-02T09:00:00-04:00", until: "1998-01-01T00:00:00Z")
        #expect(
            got.map { String($0.prefix(10)) } == [
                "1997-09-02", "1997-09-04", "1997-09-09", "1997-09-11", "1997-09-16",
                "1997-09-18", "1997-09-23", "1997-09-25", "1997-09-30", "1997-10-02",
            ])
    }

    @Test("every other week on Monday, Wednesday and Friday until a date (RFC 5545)")
    func biweekly() throws {
        let s = try store()
        // The standard's UNTIL=19971224T000000Z is the evening of the 23rd in New York.
        let rule = try Recurrence(
            frequency: .weekly, interval: 2, byDay: ["MO", "WE", "FR"].map(Recurrence.Day.init), until: "1997-12-23")
        let got = try starts(s, rule, first: "1997-09-01T09:00:00-04:00", until: "1998-01-01T00:00:00Z")
        #expect(got.count == 25)
        #expect(
            Array(got.prefix(6).map { String($0.prefix(10)) }) == [
                "1997-09-01", "1997-09-03", "1997-09-05", "1997-09-15", "1997-09-17", "1997-09-19",
            ])
        #expect(got.last?.hasPrefix("1997-12-22") == true)
        // The standard's example crosses the end of daylight time: 09:00 local throughout.
        #expect(got.allSatisfy { $0.hasSuffix("T09:00") })
    }

    @Test("monthly on the first Friday, and on the last weekday forms")
    func monthlyByDay() throws {
        let s = try store()
        let first = try starts(
            s, try Recurrence(frequency: .monthly, byDay: [Recurrence.Day("1FR")], count: 10),
            first: "1997-09-05T09:00:00-04:00", until: "1999-01-01T00:00:00Z")
        #expect(
            first.map { String($0.prefix(10)) } == [
                "1997-09-05", "1997-10-03", "1997-11-07", "1997-12-05", "1998-01-02",
                "1998-02-06", "1998-03-06", "1998-04-03", "1998-05-01", "1998-06-05",
            ])
        let lastSunday = try starts(
            s, try Recurrence(frequency: .monthly, byDay: [Recurrence.Day("-1SU")], count: 3),
            first: "1997-09-28T09:00:00-04:00", until: "1999-01-01T00:00:00Z")
        #expect(lastSunday.map { String($0.prefix(10)) } == ["1997-09-28", "1997-10-26", "1997-11-30"])
    }

    @Test("monthly on the 31st skips months without one")
    func monthlySkipsShortMonths() throws {
        let s = try store()
        let got = try starts(
            s, try Recurrence(frequency: .monthly, count: 4), first: "1997-10-31T09:00:00-05:00",
            until: "1999-01-01T00:00:00Z")
        #expect(got.map { String($0.prefix(10)) } == ["1997-10-31", "1997-12-31", "1998-01-31", "1998-03-31"])
    }

    @Test("a weekly meeting keeps its wall-clock time across the spring and autumn changes")
    func daylightSaving() throws {
        let s = try store()
        var event = NewScheduleEvent(title: "Tuesday group", starts: "2026-03-03T19:00:00-05:00")
        event.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("TU")])
        _ = try s.addScheduleEvent(event)
        let march = try s.occurrences(
            since: try Fixture.bound("2026-03-01T00:00:00Z", "since"),
            until: try Fixture.bound("2026-03-12T00:00:00Z", "until")
        ).map(\.starts)
        #expect(march == ["2026-03-04T00:00:00Z", "2026-03-10T23:00:00Z"])
        let november = try s.occurrences(
            since: try Fixture.bound("2026-10-27T00:00:00Z", "since"),
            until: try Fixture.bound("2026-11-05T00:00:00Z", "until")
        ).map(\.starts)
        #expect(november == ["2026-10-27T23:00:00Z", "2026-11-04T00:00:00Z"])
    }

    @Test("a time skipped by the spring change moves forward by the gap")
    func skippedTime() throws {
        let s = try store()
        var event = NewScheduleEvent(title: "Early call", starts: "2026-03-01T02:30:00-05:00")
        event.recurrence = try Recurrence(frequency: .daily, count: 10)
        _ = try s.addScheduleEvent(event)
        let got = try s.occurrences(
            since: try Fixture.bound("2026-03-07T00:00:00Z", "since"),
            until: try Fixture.bound("2026-03-10T00:00:00Z", "until")
        ).map(\.starts)
        // 02:30 EST on the 7th, 03:30 EDT on the 8th (02:30 does not exist), 02:30 EDT on the 9th.
        #expect(got == ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"])
    }

    @Test("bad rules are refused with the field named")
    func badRules() throws {
        #expect(throws: KithError.invalid("repeat.interval", "must be from 1 to 366, got 0")) {
            try Recurrence(frequency: .daily, interval: 0)
        }
        let both = #expect(throws: KithError.self) { try Recurrence(frequency: .daily, until: "2026-01-01", count: 3) }
        #expect(both?.field == "repeat")
        let day = #expect(throws: KithError.self) { try Recurrence.Day("XX") }
        #expect(day?.field == "repeat.byday")
        let ordinal = #expect(throws: KithError.self) {
            try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("2TU")])
        }
        #expect(ordinal?.description.contains("need freq = \"monthly\"") == true)
        let s = try store()
        var off = NewScheduleEvent(title: "x", starts: "2026-03-04T19:00:00-05:00")
        off.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("TU")])
        let mismatch = #expect(throws: KithError.self) { try s.addScheduleEvent(off) }
        #expect(mismatch?.field == "starts")
    }

    @Test("RRULE text follows RFC 5545")
    func rruleText() throws {
        let rule = try Recurrence(
            frequency: .weekly, interval: 2, byDay: ["TU", "TH"].map(Recurrence.Day.init), until: "2026-12-31")
        #expect(rule.rrule(timeZone: Self.newYork) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270101T045959Z")
        #expect(
            try Recurrence(frequency: .monthly, byDay: [Recurrence.Day("-1FR")], count: 5).rrule(timeZone: Self.newYork)
                == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=5")
    }
}
