import Foundation
import Testing

/// Correcting the schedule as a person would: editing a commitment, skipping one occurrence,
/// listing and ending snoozes, all through the binary, with undo and the calendar file.
@Suite("kith schedule edit/skip and kith remind snoozed")
struct ScheduleEditTests {
    static let newYork = ["TZ": "America/New_York", "KITH_NOW": "2026-03-01T12:00:00-05:00"]

    func sandboxWithGroup() throws -> KithSandbox {
        let sandbox = try KithSandbox()
        for args in [
            ["people", "add", "Harbor Peer Group", "--type", "peer", "--kind", "group"],
            [
                "schedule", "add", "Tuesday group", "--starts", "2026-03-03T19:00", "--person", "harbor",
                "--duration", "90", "--repeat", "weekly", "--byday", "TU", "--remind", "60",
            ],
        ] {
            let r = try sandbox.kith(args, environment: Self.newYork)
            #expect(r.status == 0, "\(args): \(r.summary)")
        }
        return sandbox
    }

    func upcoming(_ sandbox: KithSandbox, days: Int = 21) throws -> [String] {
        try jsonObjects(
            sandbox.kith(["schedule", "upcoming", "--days", String(days), "--json"], environment: Self.newYork)
        )
        .map { $0["starts"] as? String ?? "" }
    }

    @Test(
        "a skipped occurrence leaves upcoming, reminders and the calendar file; the others stay; undo and unskip bring it back"
    )
    func skip() throws {
        let sandbox = try sandboxWithGroup()
        defer { sandbox.remove() }
        #expect(try upcoming(sandbox) == ["2026-03-04T00:00:00Z", "2026-03-10T23:00:00Z", "2026-03-17T23:00:00Z"])
        let skip = try sandbox.kith(["schedule", "skip", "1", "--on", "2026-03-10"], environment: Self.newYork)
        #expect(
            skip.status == 0 && skip.stdout.contains("Skipped Tuesday group on 2026-03-10 19:00"), "\(skip.summary)")
        #expect(try upcoming(sandbox) == ["2026-03-04T00:00:00Z", "2026-03-17T23:00:00Z"])
        // Half an hour before the skipped meeting nothing reminds of it.
        let before = ["TZ": "America/New_York", "KITH_NOW": "2026-03-10T18:30:00-04:00"]
        let due = try jsonObjects(sandbox.kith(["remind", "--json"], environment: before))
        #expect(!due.contains { ($0["title"] as? String ?? "").hasPrefix("Tuesday group") }, "\(due)")
        // The calendar file leaves it out too, as an independent parser expands it (-o alone means iCalendar).
        let ics = try sandbox.kith(["schedule", "-o", "s.ics"], environment: Self.newYork)
        #expect(ics.status == 0, "\(ics.summary)")
        let theirs = try icalendarExpansion(
            sandbox.path("s.ics"), since: "2026-03-01T00:00:00+00:00", until: "2026-03-22T00:00:00+00:00")
        #expect(
            (theirs["occurrences"] as? [[String: Any]] ?? []).map { $0["starts"] as? String ?? "" }
                == ["2026-03-04T00:00:00Z", "2026-03-17T23:00:00Z"])
        // Twice is refused; a day it does not happen names the next one.
        let again = try sandbox.kith(["schedule", "skip", "1", "--on", "2026-03-10"], environment: Self.newYork)
        #expect(again.status != 0 && again.stderr.contains("already skipped"), "\(again.summary)")
        let wrongDay = try sandbox.kith(["schedule", "skip", "#1", "--on", "2026-03-11"], environment: Self.newYork)
        #expect(wrongDay.status != 0 && wrongDay.stderr.contains("the next is 2026-03-17"), "\(wrongDay.summary)")
        // Undo, and unskip, both put it back.
        #expect(try sandbox.kith(["undo"], environment: Self.newYork).status == 0)
        #expect(try upcoming(sandbox).count == 3)
        #expect(
            try sandbox.kith(["schedule", "skip", "1", "--on", "2026-03-10"], environment: Self.newYork).status == 0)
        let unskip = try sandbox.kith(["schedule", "unskip", "1", "--on", "2026-03-10"], environment: Self.newYork)
        #expect(unskip.status == 0, "\(unskip.summary)")
        #expect(try upcoming(sandbox).count == 3)
    }

    @Test(
        "editing a commitment changes only what is given; a skip its new times no longer reach goes; undo restores both"
    )
    func edit() throws {
        let sandbox = try sandboxWithGroup()
        defer { sandbox.remove() }
        #expect(
            try sandbox.kith(["schedule", "skip", "1", "--on", "2026-03-17"], environment: Self.newYork).status == 0)
        // A new time on the same days keeps the skip.
        let later = try sandbox.kith(
            ["schedule", "edit", "1", "--starts", "2026-03-03T20:00"], environment: Self.newYork)
        #expect(later.status == 0, "\(later.summary)")
        #expect(try upcoming(sandbox) == ["2026-03-04T01:00:00Z", "2026-03-11T00:00:00Z"])
        // Moving to Thursdays drops the Tuesday skip; the person, duration and reminder stay.
        let moved = try sandbox.kith(
            [
                "schedule", "edit", "1", "--starts", "2026-03-05T20:00", "--repeat", "weekly", "--byday", "TH",
                "--title", "Thursday group",
            ], environment: Self.newYork)
        #expect(moved.status == 0 && moved.stdout.contains("every week on Thursday"), "\(moved.summary)")
        let event = try #require(
            try jsonObjects(sandbox.kith(["schedule", "list", "--json"], environment: Self.newYork)).first)
        #expect(
            event["title"] as? String == "Thursday group" && event["duration_minutes"] as? Int == 90
                && event["remind_minutes_before"] as? Int == 60 && event["person_id"] as? Int == 1)
        #expect((event["skipped"] as? [String]) == [])
        // Clearing: once, no reminder, no one.
        let cleared = try sandbox.kith(
            ["schedule", "edit", "1", "--once", "--no-remind", "--no-person"], environment: Self.newYork)
        #expect(cleared.status == 0, "\(cleared.summary)")
        let plain = try #require(
            try jsonObjects(sandbox.kith(["schedule", "list", "--json"], environment: Self.newYork)).first)
        #expect(plain["repeat"] == nil && plain["remind_minutes_before"] == nil && plain["person_id"] == nil)
        // Two undos: back on Tuesdays at 20:00 with the skip.
        #expect(try sandbox.kith(["undo"], environment: Self.newYork).status == 0)
        #expect(try sandbox.kith(["undo"], environment: Self.newYork).status == 0)
        #expect(try upcoming(sandbox) == ["2026-03-04T01:00:00Z", "2026-03-11T00:00:00Z"])
        // Contradictions and empty edits are one clear line each.
        for (args, says) in [
            (["schedule", "edit", "1", "--once", "--repeat", "daily"], "contradict"),
            (["schedule", "edit", "1"], "Nothing to change. Give at least one field"),
            (["schedule", "edit", "9", "--title", "x"], "no event #9"),
            (["schedule", "edit", "1", "--starts", "2026-03-04T20:00"], "must fall on a day the rule repeats on"),
        ] {
            let r = try sandbox.kith(args, environment: Self.newYork)
            #expect(
                r.status != 0 && r.stderr.contains(says) && r.stderr.split(separator: "\n").count == 1,
                "\(args): \(r.summary)")
        }
    }

    @Test("the schedule reads as a person says it: no RRULE text, reminder lengths in hours and days")
    func wording() throws {
        let sandbox = try sandboxWithGroup()
        defer { sandbox.remove() }
        #expect(
            try sandbox.kith(
                [
                    "schedule", "add", "Family session", "--starts", "2026-03-07T11:00", "--repeat", "monthly",
                    "--byday", "1SA", "--until", "2026-07-31", "--remind", "1440",
                ], environment: Self.newYork
            ).status == 0)
        let list = try sandbox.kith(["schedule", "list"], environment: Self.newYork)
        #expect(
            list.stdout.contains("every week on Tuesday")
                && list.stdout.contains("every month on the first Saturday, until 2026-07-31"))
        #expect(list.stdout.contains("1 h before") && list.stdout.contains("1 day before"), "\(list.stdout)")
        #expect(!list.stdout.contains("FREQ=") && !list.stdout.contains("min before"), "\(list.stdout)")
        let both = try sandbox.kith(["schedule", "list", "--json", "--ics"], environment: Self.newYork)
        #expect(both.status != 0 && both.stderr.contains("choose one"), "\(both.summary)")
    }

    @Test("snoozed reminders are listed with their title and return date; unsnooze ends one now")
    func snoozes() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let env = ["KITH_NOW": "2026-03-20T12:00:00Z"]
        #expect(
            try sandbox.kith(
                ["people", "add", "Ana", "--type", "family", "--cadence", "3"],
                environment: ["KITH_NOW": "2026-03-01T12:00:00Z"]
            ).status == 0)
        let due = try #require(try jsonObjects(sandbox.kith(["remind", "--json"], environment: env)).first)
        let (source, key) = (due["source"] as? String ?? "", due["key"] as? String ?? "")
        #expect(try sandbox.kith(["remind", "snoozed"], environment: env).stdout.contains("Nothing is snoozed"))
        #expect(
            try sandbox.kith(["remind", "snooze", source, key, "--until", "2026-03-25"], environment: env).status == 0)
        let remind = try sandbox.kith(["remind"], environment: env)
        #expect(remind.stdout.contains("1 reminder is snoozed"), "\(remind.summary)")
        let listed = try sandbox.kith(["remind", "snoozed"], environment: env)
        #expect(
            listed.stdout.contains("It's been 19 days since you added Ana, back on 2026-03-25")
                && listed.stdout.contains(key),
            "\(listed.summary)")
        let json = try jsonObjects(sandbox.kith(["remind", "snoozed", "--json"], environment: env))
        #expect(json.count == 1 && json.first?["until"] as? String == "2026-03-25")
        let unsnooze = try sandbox.kith(["remind", "unsnooze", source, key], environment: env)
        #expect(unsnooze.status == 0, "\(unsnooze.summary)")
        #expect(try jsonObjects(sandbox.kith(["remind", "--json"], environment: env)).count == 1)
        let unknown = try sandbox.kith(["remind", "unsnooze", source, "nope"], environment: env)
        #expect(unknown.status != 0 && unknown.stderr.contains("kith remind snoozed"), "\(unknown.summary)")
    }

    @Test("a script edits and skips through kith.schedule.update and skip; the export keeps skips")
    func lua() throws {
        let sandbox = try sandboxWithGroup()
        defer { sandbox.remove() }
        try """
        local e = kith.schedule.update(1, { title = "Group", remind_minutes_before = false })
        assert(e.title == "Group" and e.remind_minutes_before == nil and e.duration_minutes == 90)
        local o = kith.schedule.skip(1, "2026-03-10")
        assert(o.starts == "2026-03-10T23:00:00Z", o.starts)
        assert(kith.schedule.list()[1].skipped[1] == "2026-03-10")
        local ok, err = pcall(kith.schedule.update, 1, { colour = "red" })
        assert(not ok and tostring(err):find("unknown field 'colour'"), tostring(err))
        print("ok")
        """.write(toFile: sandbox.path("edit.lua"), atomically: true, encoding: .utf8)
        let run = try sandbox.kith(["run", "edit.lua"], environment: Self.newYork)
        #expect(run.status == 0 && run.stdout.contains("ok"), "\(run.summary)")
        // Lossless: a new store from the export has the same skip.
        #expect(try sandbox.kith(["export", "-o", "all.json"], environment: Self.newYork).status == 0)
        #expect(try sandbox.kith(["init"], store: sandbox.path("copy.sqlite")).status == 0)
        #expect(try sandbox.kith(["import", "all.json"], store: sandbox.path("copy.sqlite")).status == 0)
        let copied = try jsonObjects(sandbox.kith(["schedule", "list", "--json"], store: sandbox.path("copy.sqlite")))
        #expect((copied.first?["skipped"] as? [String]) == ["2026-03-10"])
    }
}
