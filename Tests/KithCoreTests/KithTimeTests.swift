import Foundation
import Testing
import KithCore

@Suite("KithTime: dates and instants")
struct KithTimeTests {
    static let newYork = TimeZone(identifier: "America/New_York")!

    // MARK: Dates

    @Test(
        "a date survives parsing and formatting unchanged",
        arguments: ["1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2026-03-01", "2099-12-31", "0001-01-01"])
    func dateRoundTrip(_ text: String) throws {
        let day = try KithTime.parseDate(text, field: "date")
        #expect(KithTime.formatDate(day) == text)
    }

    @Test("day numbers count days from 1970-01-01")
    func dayNumbers() throws {
        #expect(try KithTime.parseDate("1970-01-01", field: "d") == 0)
        #expect(try KithTime.parseDate("1970-01-02", field: "d") == 1)
        #expect(try KithTime.parseDate("1969-12-31", field: "d") == -1)
        #expect(try KithTime.parseDate("2026-03-01", field: "d") == 20_513)
        #expect(try KithTime.parseDate("2024-02-29", field: "d") == 19_782)
    }

    @Test("every day from 1899 to 2101 formats and parses back to itself, one day apart")
    func consecutiveDays() throws {
        let first = try KithTime.parseDate("1899-01-01", field: "d")
        let last = try KithTime.parseDate("2101-12-31", field: "d")
        var previous = ""
        var wrong: [String] = []
        for day in first...last {
            let text = KithTime.formatDate(day)
            if try KithTime.parseDate(text, field: "d") != day || text <= previous { wrong.append(text) }
            previous = text
        }
        #expect(last - first == 74_143)
        #expect(wrong.isEmpty, "days that did not round-trip in order: \(wrong.prefix(5))")
    }

    @Test("February 29th exists only in leap years")
    func leapDays() throws {
        #expect(
            try KithTime.parseDate("2024-02-29", field: "date") == KithTime.dayNumber(year: 2024, month: 3, day: 1) - 1)
        #expect(
            try KithTime.parseDate("2000-02-29", field: "date") == KithTime.dayNumber(year: 2000, month: 3, day: 1) - 1)
        for text in ["2023-02-29", "1900-02-29", "2100-02-29"] {
            let error = #expect(throws: KithError.self) { _ = try KithTime.parseDate(text, field: "since") }
            #expect(error?.kind == .invalidInput)
            #expect(error?.field == "since")
            #expect(error?.description.contains(text) == true)
        }
    }

    @Test(
        "a malformed date is refused naming the given field",
        arguments: [
            "2026-3-1", "2026/03/01", "2026-13-01", "2026-00-10", "2026-04-31", "2026-03-00", "tomorrow", "",
            "2026-03-01x",
        ])
    func malformedDates(_ text: String) {
        let error = #expect(throws: KithError.self) { _ = try KithTime.parseDate(text, field: "until") }
        #expect(error?.field == "until")
        #expect(error?.description.hasPrefix("field 'until' ") == true)
    }

    // MARK: Instants

    @Test(
        "instants with Z and numeric offsets name the same moment",
        arguments: [
            "2026-03-01T09:30:00Z", "2026-03-01T10:30:00+01:00", "2026-03-01T04:30:00-05:00",
            "2026-03-01T09:30Z", "2026-03-01t09:30:00z", "2026-03-01 09:30:00Z", "2026-03-01T10:30:00+0100",
            "2026-03-01T15:00:00+05:30", "2026-03-01T09:30:00.123Z", "2026-03-01T10:30:00.999999+01:00",
            "2026-03-01T09:30:00,5Z",
        ])
    func instantForms(_ text: String) throws {
        #expect(try KithTime.parseInstant(text, field: "at") == 1_772_357_400)
    }

    @Test("seconds are kept and fractions are dropped")
    func seconds() throws {
        #expect(try KithTime.parseInstant("2026-03-01T09:30:59Z", field: "at") == 1_772_357_400 + 59)
        #expect(try KithTime.parseInstant("2026-03-01T09:30:59.9Z", field: "at") == 1_772_357_400 + 59)
    }

    @Test("a date-time without an offset is a wall-clock time in the given zone, across both DST changes")
    func localWithoutOffset() throws {
        let newYork = TimeZone(identifier: "America/New_York")!
        for (text, expected) in [
            ("2026-03-01T09:30:00", "2026-03-01T14:30:00Z"), ("2026-03-01 09:30", "2026-03-01T14:30:00Z"),
            ("2026-03-01T09:30:00.5", "2026-03-01T14:30:00Z"), ("2026-03-08T02:30", "2026-03-08T07:30:00Z"),
            ("2026-11-01T01:30", "2026-11-01T05:30:00Z"), ("2026-07-04T12:00", "2026-07-04T16:00:00Z"),
        ] {
            #expect(
                KithTime.formatInstant(try KithTime.parseInstant(text, field: "at", timeZone: newYork)) == expected,
                "\(text)")
        }
    }

    @Test(
        "a malformed instant is refused naming the given field",
        arguments: [
            "2026-03-01T9:30:00Z", "2026-03-01T24:00:00Z", "2026-03-01T09:60:00Z", "2026-03-01T09:30:00Zjunk",
            "2026-03-01T09:30:00+25:00", "2026-03-01T09:30:00.Z", "2026-02-30T09:30:00Z", "now", "2026-03-01T",
        ])
    func malformedInstants(_ text: String) {
        let error = #expect(throws: KithError.self) { _ = try KithTime.parseInstant(text, field: "since") }
        #expect(error?.kind == .invalidInput)
        #expect(error?.field == "since")
    }

    @Test("a bare date means local midnight in the given time zone, across the March DST change")
    func dateAsLocalMidnight() throws {
        // New York moves from EST (-05:00) to EDT (-04:00) at 02:00 on 2026-03-08.
        let march7 = try KithTime.parseInstant("2026-03-07", field: "at", timeZone: Self.newYork)
        let march8 = try KithTime.parseInstant("2026-03-08", field: "at", timeZone: Self.newYork)
        let march9 = try KithTime.parseInstant("2026-03-09", field: "at", timeZone: Self.newYork)
        #expect(KithTime.formatInstant(march7) == "2026-03-07T05:00:00Z")
        #expect(KithTime.formatInstant(march8) == "2026-03-08T05:00:00Z")
        #expect(KithTime.formatInstant(march9) == "2026-03-09T04:00:00Z")
        #expect(march8 - march7 == 24 * 3600)
        #expect(march9 - march8 == 23 * 3600)
        #expect(try KithTime.parseInstant("2026-03-08", field: "at", timeZone: Fixture.utc) == 1_772_928_000)
    }

    @Test("local midnight agrees with Foundation's calendar for every day around both DST changes")
    func localMidnightMatchesFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.newYork
        for (year, month) in [(2026, 3), (2026, 11)] {
            for day in 1...14 {
                let components = DateComponents(year: year, month: month, day: day)
                let expected = try #require(calendar.date(from: components))
                let dayNumber = KithTime.dayNumber(year: year, month: month, day: day)
                #expect(
                    KithTime.localMidnight(dayNumber, timeZone: Self.newYork) == Int64(expected.timeIntervalSince1970),
                    "local midnight of \(KithTime.formatDate(dayNumber))")
            }
        }
        let november1 = KithTime.localMidnight(
            KithTime.dayNumber(year: 2026, month: 11, day: 1), timeZone: Self.newYork)
        let november2 = KithTime.localMidnight(
            KithTime.dayNumber(year: 2026, month: 11, day: 2), timeZone: Self.newYork)
        #expect(november2 - november1 == 25 * 3600)
    }

    @Test("where a DST change skips midnight, the day starts at its first instant")
    func skippedMidnight() throws {
        // São Paulo skipped 2018-11-04 00:00-00:59; the day began at 01:00 -02:00.
        let saoPaulo = try #require(TimeZone(identifier: "America/Sao_Paulo"))
        let start = try KithTime.parseInstant("2018-11-04", field: "at", timeZone: saoPaulo)
        #expect(KithTime.formatInstant(start) == "2018-11-04T03:00:00Z")
        #expect(KithTime.localDay(of: start, timeZone: saoPaulo) == KithTime.dayNumber(year: 2018, month: 11, day: 4))
        #expect(
            KithTime.localDay(of: start - 1, timeZone: saoPaulo) == KithTime.dayNumber(year: 2018, month: 11, day: 3))
    }

    @Test("the local day of an instant follows the time zone")
    func localDay() throws {
        let lateEvening = try KithTime.parseInstant("2026-03-08T03:30:00Z", field: "at")
        #expect(KithTime.formatDate(KithTime.localDay(of: lateEvening, timeZone: Self.newYork)) == "2026-03-07")
        #expect(KithTime.formatDate(KithTime.localDay(of: lateEvening, timeZone: Fixture.utc)) == "2026-03-08")
    }

    // MARK: Weekdays and formatting

    @Test("weekdays run from Monday = 1 to Sunday = 7")
    func weekdays() throws {
        #expect(try KithTime.weekday(KithTime.parseDate("2026-03-02", field: "d")) == 1)
        #expect(try KithTime.weekday(KithTime.parseDate("2026-03-04", field: "d")) == 3)
        #expect(try KithTime.weekday(KithTime.parseDate("2026-03-08", field: "d")) == 7)
        #expect(KithTime.weekday(0) == 4)  // 1970-01-01 was a Thursday
        #expect(KithTime.weekday(-1) == 3)  // and the day before a Wednesday
        #expect(KithTime.weekday(-4) == 7)
    }

    @Test("weekdays agree with Foundation's calendar, before and after 1970")
    func weekdaysMatchFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Fixture.utc
        for day in stride(from: -800, through: 25_000, by: 37) {
            let date = Date(timeIntervalSince1970: TimeInterval(day) * 86_400)
            let sundayFirst = calendar.component(.weekday, from: date)  // Sunday = 1
            #expect(KithTime.weekday(day) == (sundayFirst + 5) % 7 + 1, "weekday of \(KithTime.formatDate(day))")
        }
    }

    @Test("instants format as UTC with a Z and parse back to the same second")
    func formatInstant() throws {
        #expect(KithTime.formatInstant(0) == "1970-01-01T00:00:00Z")
        #expect(KithTime.formatInstant(-1) == "1969-12-31T23:59:59Z")
        #expect(KithTime.formatInstant(1_772_357_400) == "2026-03-01T09:30:00Z")
        #expect(KithTime.formatInstant(1_709_164_800 + 86_399) == "2024-02-29T23:59:59Z")
        for seconds: Int64 in [-86_401, -1, 0, 59, 86_399, 951_782_400, 1_772_946_000, 4_102_444_799] {
            #expect(try KithTime.parseInstant(KithTime.formatInstant(seconds), field: "at") == seconds)
        }
    }

    @Test("a fixed clock gives the same now and today every time")
    func fixedClock() {
        let clock = KithClock.fixed(1_772_946_000, timeZone: Self.newYork)  // 2026-03-08T05:00:00Z
        #expect(clock.nowText == "2026-03-08T05:00:00Z")
        #expect(clock.todayText == "2026-03-08")
        let evening = KithClock.fixed(1_772_946_000 - 3600, timeZone: Self.newYork)
        #expect(evening.todayText == "2026-03-07")
    }

    @Test("a typed bound: a day spans its whole local day, across a DST change; words and instants stay exact")
    func typedBounds() throws {
        let clock = KithClock.fixed(1_772_946_000, timeZone: Self.newYork)  // 2026-03-08T05:00:00Z, 00:00 EST
        let springForward = try TimeBound(parsing: "2026-03-08", field: "since", clock: clock)
        #expect(springForward == .day(try LocalDay(parsing: "2026-03-08", field: "since")))
        #expect(springForward.lower(in: Self.newYork).text == "2026-03-08T05:00:00Z")
        // 23 hours long: the day ends at 23:59:59 EDT.
        #expect(springForward.upper(in: Self.newYork).text == "2026-03-09T03:59:59Z")
        #expect(try TimeBound(parsing: "now", field: "until", clock: clock) == .instant(Instant(1_772_946_000)))
        #expect(try TimeBound(parsing: "Yesterday", field: "since", clock: clock).text == "2026-03-07")
        #expect(try TimeBound(parsing: "2026-03-08 09:30", field: "since", clock: clock).text == "2026-03-08T13:30:00Z")
        let bad = #expect(throws: KithError.self) {
            _ = try TimeBound(parsing: "2026-02-30", field: "until", clock: clock)
        }
        #expect(bad?.field == "until")
        let day = try LocalDay(parsing: "2026-02-28", field: "on")
        #expect((day + 1).text == "2026-03-01" && (day + 1) - day == 1 && (day...(day + 6)).count == 7)
    }

    @Test("a report request parses since and until once and hands the rest on as given")
    func reportRequest() throws {
        let request = try ReportRequest(parsing: ["since": "2026-03-02", "client": "ana"])
        #expect(request.since?.text == "2026-03-02" && request.until == nil && request.params == ["client": "ana"])
        #expect(request.textParams == ["since": "2026-03-02", "client": "ana"])
        let bad = #expect(throws: KithError.self) { _ = try ReportRequest(parsing: ["until": "next week"]) }
        #expect(bad?.field == "until")
    }
}
