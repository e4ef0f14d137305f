import KithCore
import Testing

/// When a clinic's scheduled instrument falls due: intervals read from words, calendar months,
/// rounds from the last answer, a skipped round giving way to the next.
@Suite("instrument schedules")
struct InstrumentScheduleTests {
    func day(_ text: String) throws -> LocalDay { try LocalDay(parsing: text, field: "day") }

    @Test("intervals are read from words, up to a year, and nothing else")
    func intervals() {
        #expect(ScheduleInterval(parsing: "14 days")?.description == "every 14 days")
        #expect(ScheduleInterval(parsing: "2 Weeks")?.description == "every 2 weeks")
        #expect(ScheduleInterval(parsing: "month")?.description == "every month")
        #expect(ScheduleInterval(parsing: "12 months")?.description == "every 12 months")
        for wrong in [
            "", "fortnight", "0 days", "-3 days", "367 days", "13 months", "53 weeks", "1 2 days",
            "9999999999999999999999 days",
        ] {
            #expect(ScheduleInterval(parsing: wrong) == nil, "\(wrong) refused")
        }
    }

    @Test("a month is a calendar month; past the month's end is its last day")
    func months() throws {
        let month = try #require(ScheduleInterval(parsing: "month"))
        #expect(month.after(try day("2027-01-31")) == (try day("2027-02-28")))
        #expect(month.after(try day("2028-01-31")) == (try day("2028-02-29")))
        #expect(month.after(try day("2026-12-15")) == (try day("2027-01-15")))
        #expect(month.after(try day("2026-11-30"), times: 3) == (try day("2027-02-28")))
    }

    @Test("due from the first day, then an interval after each answer; the latest round only")
    func rounds() throws {
        let every = try #require(ScheduleInterval(parsing: "14 days"))
        let schedule = ClinicSettings.InstrumentSchedule(instrument: "phq9", every: every, since: try day("2026-03-04"))
        #expect(schedule.dueDay(today: try day("2026-03-03"), lastAnswered: nil) == nil)
        #expect(schedule.dueDay(today: try day("2026-03-04"), lastAnswered: nil) == (try day("2026-03-04")))
        #expect(schedule.dueDay(today: try day("2026-03-20"), lastAnswered: nil) == (try day("2026-03-18")))
        let answered = try day("2026-03-10")
        #expect(schedule.dueDay(today: try day("2026-03-23"), lastAnswered: answered) == nil)
        #expect(schedule.dueDay(today: try day("2026-03-24"), lastAnswered: answered) == (try day("2026-03-24")))
        #expect(schedule.dueDay(today: try day("2026-04-08"), lastAnswered: answered) == (try day("2026-04-07")))
        // An answer from before the schedule began counts: not asked again the next day.
        #expect(schedule.dueDay(today: try day("2026-03-04"), lastAnswered: try day("2026-03-01")) == nil)
        #expect(
            schedule.dueDay(today: try day("2026-03-15"), lastAnswered: try day("2026-03-01"))
                == (try day("2026-03-15")))
        // Years on, found without walking every day.
        #expect(schedule.dueDay(today: try day("2126-03-04"), lastAnswered: nil) != nil)
    }
}
