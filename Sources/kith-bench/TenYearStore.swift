import Foundation
import KithCore

/// Ten years of a person's data, as the report and server benchmarks read it: ten people,
/// 3,650 daily journal entries, 20,000 interactions, a weekly group.
enum TenYearStore {
    /// The instant the benchmarks' clock stands at.
    static let now: Int64 = 1_772_395_200  // 2026-03-01T20:00:00Z

    static func fill(_ store: KithStore) throws {
        let today = store.clock.today
        try store.transaction {
            for n in 0..<10 {
                var p = NewPerson(
                    name: "Person \(n)", type: ["family", "friend", "peer", "professional", "community"][n % 5])
                p.circle = [.inner, .middle, .outer][n % 3]
                _ = try store.addPerson(p)
            }
            for back in 0..<3650 {
                var e = NewJournalEntry()
                e.at = KithTime.formatDate(today - back) + "T21:00:00Z"
                e.mood = 1 + (back * 7) % 5
                e.text = "Day \(back)"
                e.tags = back % 3 == 0 ? ["group"] : []
                e.metrics = ["sleep_hours": .number(7.5)]
                _ = try store.addJournalEntry(e)
            }
            for k in 0..<20_000 {
                var i = NewInteraction(
                    person: .id(Int64(1 + k % 10)), channel: [.call, .text, .inPerson, .groupMeeting][k % 4])
                i.at = KithTime.formatInstant(now - Int64(k) * 15_768)  // spread over ten years
                i.received = [.emotional]
                _ = try store.logInteraction(i)
            }
            var group = NewScheduleEvent(title: "Tuesday group", starts: "2016-03-01T19:00:00Z")
            group.recurrence = try Recurrence(frequency: .weekly, byDay: [Recurrence.Day("TU")])
            group.remindMinutesBefore = 60
            _ = try store.addScheduleEvent(group)
        }
    }
}
