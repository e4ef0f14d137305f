import Foundation
import Testing

/// `--now` in the past reads the store as it was then: what was logged after that instant has
/// not happened yet, in reminders, people, and reports.
@Suite("--now in the past")
struct PastNowTests {
    @Test(
        "an interaction after --now is not the last contact, does not clear a reminder, and is not counted in a report")
    func laterRecordsDoNotCount() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for args in [
            ["people", "add", "Ana", "--type", "family", "--cadence", "3", "--now", "2026-02-20T09:00:00Z"],
            ["log", "Ana", "--channel", "call", "--at", "2026-03-01T10:00:00Z"],
            ["log", "Ana", "--channel", "call", "--at", "2026-03-10T10:00:00Z"],
            ["journal", "add", "Later entry", "--mood", "5", "--at", "2026-03-06T18:00:00Z"],
            ["journal", "add", "Earlier entry", "--mood", "2", "--at", "2026-03-05T08:00:00Z"],
        ] {
            try sandbox.succeed(args)
        }
        let then = ["--now", "2026-03-06T12:00:00Z"]
        let show = try sandbox.kith(["people", "show", "ana"] + then)
        #expect(
            show.stdout.contains("2026-03-01") && !show.stdout.contains("2026-03-10")
                && show.stdout.contains("5 days ago"), "\(show.summary)")
        let list = try jsonObjects(sandbox.kith(["people", "list", "--json"] + then))
        #expect(list.first?["last_interaction_at"] as? String == "2026-03-01T10:00:00Z")
        // Three-day cadence: on March 6 the call of March 10 has not happened, so Ana is due.
        let due = try jsonObjects(sandbox.kith(["remind", "--json"] + then))
        #expect(due.contains { ($0["title"] as? String) == "It's been 5 days since you talked to Ana" }, "\(due)")
        // The week up to noon on March 6: one entry (mood 2), one interaction; not the evening entry.
        let week = try sandbox.kith(["report", "weekly", "--json"] + then)
        #expect(week.status == 0, "\(week.summary)")
        #expect(
            week.stdout.contains("Earlier entry") || week.stdout.contains("\"value\" : 1"),
            "\(week.stdout.prefix(1500))")
        #expect(!week.stdout.contains("Later entry"), "\(week.stdout.prefix(1500))")
        let mood = try jsonObject(sandbox.kith(["report", "weekly", "--json"] + then))
        let metrics = (mood["blocks"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "metric" }
        let entries = metrics.first { ($0["label"] as? String) == "Journal entries" }?["value"]
        #expect("\(entries ?? "none")" == "1", "\(metrics)")
        // With the real order of things (now after everything) all of it counts.
        let later = try jsonObjects(sandbox.kith(["people", "list", "--json", "--now", "2026-03-11T12:00:00Z"]))
        #expect(later.first?["last_interaction_at"] as? String == "2026-03-10T10:00:00Z")
    }
}
