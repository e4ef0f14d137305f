import Foundation
import KithCore
import KithReports

/// The weekly and mood-connection reports over ten years of daily entries and 20,000
/// interactions: the reports' own work, without process start.
enum ReportSpeed {
    static func measure(folder: URL) throws -> [(String, Double)] {
        let utc = TimeZone(identifier: "UTC")!
        let now = try KithTime.parseInstant("2026-03-01T20:00:00Z", field: "now")
        let store = try KithStore.open(
            path: folder.appendingPathComponent("reports.sqlite").path, clock: .fixed(now, timeZone: utc),
            creating: true)
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
        let runs: [(String, String, [String: String])] = [
            ("weekly", "weekly (the last 7 days)", [:]),
            ("mood-connection", "mood-connection (the default 90 days)", [:]),
            ("mood-connection", "mood-connection over all ten years", ["since": KithTime.formatDate(today - 3649)]),
        ]
        return try runs.map { id, label, params in
            var times: [Double] = []
            for _ in 0..<7 {
                let start = DispatchTime.now().uptimeNanoseconds
                let document = try store.runReport(id, params: params)
                _ = ReportFormat.html.render(document)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            return (label, times.sorted()[times.count / 2])
        }
    }
}
