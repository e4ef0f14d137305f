import Foundation
import Testing

/// The schedule and reminders as a user meets them, and the calendar file as a calendar
/// app reads it (checked with the independent `icalendar` parser, scripts/ics_check.py).
@Suite("kith schedule and kith remind")
struct CLIScheduleTests {
    static let newYork = ["TZ": "America/New_York", "KITH_NOW": "2026-03-01T12:00:00-05:00"]

    func setUp(_ sandbox: KithSandbox) throws {
        for args in [
            ["people", "add", "Harbor Peer Group", "--type", "peer", "--kind", "group", "--cadence", "7"],
            ["people", "add", "Ana", "--type", "family", "--circle", "inner", "--cadence", "3"],
            [
                "schedule", "add", "Tuesday group", "--starts", "2026-03-03T19:00:00-05:00", "--person",
                "Harbor Peer Group",
                "--duration", "90", "--repeat", "weekly", "--byday", "TU", "--remind", "60",
            ],
            [
                "schedule", "add", "Therapy", "--starts", "2026-03-05T10:00:00-05:00", "--repeat", "weekly",
                "--interval", "2",
                "--byday", "TH", "--count", "4", "--remind", "1440",
            ],
            [
                "schedule", "add", "Family session", "--starts", "2026-03-07T11:00:00-05:00", "--repeat", "monthly",
                "--byday", "1SA", "--until", "2026-07-31",
            ],
            [
                "schedule", "add", "Telehealth call", "--starts", "2026-03-02T08:30:00-05:00", "--repeat", "daily",
                "--interval", "3",
                "--until", "2026-04-15",
            ],
        ] {
            let r = try sandbox.kith(args, environment: Self.newYork)
            #expect(r.status == 0, "\(args): \(r.summary)")
        }
    }

    @Test("the calendar file expands, in an independent parser, to Kith's own occurrences, across DST")
    func icsMatchesKith() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try setUp(sandbox)
        let ics = try sandbox.kith(["schedule", "--ics", "-o", "schedule.ics"], environment: Self.newYork)
        #expect(ics.status == 0, "\(ics.summary)")
        let theirs = try icalendarExpansion(
            sandbox.path("schedule.ics"), since: "2026-03-01T00:00:00+00:00", until: "2026-08-01T00:00:00+00:00")
        let theirStarts = (theirs["occurrences"] as? [[String: Any]] ?? []).map { "\($0["starts"]!) \($0["title"]!)" }
        let ours = try jsonObjects(
            sandbox.kith(["schedule", "upcoming", "--days", "152", "--json"], environment: Self.newYork)
        )
        .map { "\($0["starts"]!) \($0["title"]!)" }
        #expect(ours.count > 40)
        #expect(theirStarts.sorted() == ours.sorted())
        // 19:00 in New York is 00:00Z before the change on March 8 and 23:00Z after it.
        #expect(
            ours.contains("2026-03-04T00:00:00Z Tuesday group") && ours.contains("2026-03-10T23:00:00Z Tuesday group"))
        let alarms =
            (theirs["occurrences"] as? [[String: Any]] ?? []).first { $0["title"] as? String == "Tuesday group" }?[
                "alarms"] as? [String]
        #expect(alarms == ["-1 day, 23:00:00"])
    }

    @Test("kith remind lists what is due, highest priority first; done, snooze and a new contact clear it")
    func remind() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try setUp(sandbox)
        let env = ["TZ": "America/New_York", "KITH_NOW": "2026-03-10T18:30:00-04:00"]
        let due = try jsonObjects(sandbox.kith(["remind", "--json"], environment: env))
        #expect(
            due.map { $0["title"] as? String ?? "" } == [
                "It's been 9 days since you added Ana",
                "It's been 9 days since you added Harbor Peer Group",
                "Tuesday group in 30 min",
            ])
        #expect(due.first?["priority"] as? String == "high")
        let group = try #require(due.first { ($0["title"] as? String)?.hasPrefix("Tuesday") == true })
        #expect(
            try sandbox.kith(["remind", "done", "kith.schedule", group["key"] as! String], environment: env).status == 0
        )
        #expect(
            try sandbox.kith(
                ["remind", "snooze", "kith.stay-in-touch", due[1]["key"] as! String, "--until", "2026-03-12"],
                environment: env
            ).status == 0)
        #expect(try sandbox.kith(["log", "Ana", "--channel", "call"], environment: env).status == 0)
        let after = try sandbox.kith(["remind"], environment: env)
        #expect(after.stdout.hasPrefix("Nothing due."), "\(after.summary)")
        let later = try jsonObjects(
            sandbox.kith(
                ["remind", "--json"], environment: ["TZ": "America/New_York", "KITH_NOW": "2026-03-12T09:00:00-04:00"]))
        #expect(later.map { $0["title"] as? String ?? "" } == ["It's been 11 days since you added Harbor Peer Group"])
        let typo = try sandbox.kith(["remind", "done", "kith.schedule", "nope"], environment: env)
        #expect(
            typo.status != 0
                && typo.stderrLines == [
                    "error: No reminder kith.schedule nope is due now. Run 'kith remind' to see the due ones with their source and key."
                ])

        let ics = try sandbox.kith(
            ["remind", "--ics", "-o", "todo.ics"],
            environment: ["TZ": "America/New_York", "KITH_NOW": "2026-03-17T18:30:00-04:00"])
        #expect(ics.status == 0)
        let todos =
            try icalendarExpansion(
                sandbox.path("todo.ics"), since: "2026-01-01T00:00:00+00:00", until: "2027-01-01T00:00:00+00:00")[
                "todos"]
            as? [[String: Any]] ?? []
        #expect(todos.count == 3, "\(todos)")
        #expect(
            todos.contains {
                $0["title"] as? String == "Tuesday group in 30 min" && $0["due"] as? String == "2026-03-17T23:00:00Z"
                    && $0["alarms"] as? Int == 1
            })
        #expect(
            todos.contains { ($0["title"] as? String)?.hasPrefix("It's been") == true && $0["priority"] as? Int == 1 })
    }

    @Test("a plugin rule shows in kith remind; a broken or endless rule is reported and the rest still show")
    func pluginRules() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("plugins")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: KithSandbox.packageRoot.appendingPathComponent("plugins/reach-out").path,
            toPath: folder + "/reach-out")
        for (id, body) in [("loops", "while true do end"), ("breaks", "error('rule bug')")] {
            try FileManager.default.createDirectory(atPath: folder + "/" + id, withIntermediateDirectories: true)
            try "id = \"\(id)\"\nname = \"\(id)\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
                toFile: folder + "/\(id)/plugin.toml", atomically: true, encoding: .utf8)
            try "kith.reminders.define{ id = 'r', title = 'R', check = function(ctx)\n  \(body)\nend }\n".write(
                toFile: folder + "/\(id)/init.lua", atomically: true, encoding: .utf8)
        }
        let env = ["KITH_PLUGIN_PATH": folder, "KITH_PLUGIN_TIMEOUT": "0.3"]
        for args in [
            ["people", "add", "Ana", "--type", "family", "--circle", "inner", "--no-cadence", "--crisis"],
            ["journal", "add", "low", "--mood", "2", "--at", "2026-03-01T21:00:00Z"],
            ["journal", "add", "low", "--mood", "1", "--at", "2026-03-02T21:00:00Z"],
            ["journal", "add", "low", "--mood", "2", "--at", "2026-03-03T21:00:00Z"],
        ] {
            #expect(try sandbox.kith(args, environment: env).status == 0)
        }
        let result = try sandbox.kith(["remind"], environment: env)
        #expect(result.status == 0)
        #expect(
            result.stdout.contains("! 3 low days in a row: call someone in your inner circle: Ana"), "\(result.summary)"
        )
        #expect(
            result.stderrLines.contains {
                $0.hasPrefix("kith: [breaks] init.lua:2: rule bug (reminder rule breaks/r skipped)")
            }, "\(result.summary)")
        #expect(
            result.stderrLines.contains { $0.hasPrefix("kith: [loops] init.lua:2: time limit of 0.3 s reached") },
            "\(result.summary)")
    }

    @Test("an event made in New York keeps New York's wall clock when read from Berlin, shown in Berlin's time")
    func viewedFromAnotherZone() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        #expect(
            try sandbox.kith(
                ["schedule", "add", "Group", "--starts", "2026-03-03T19:00:00-05:00", "--repeat", "weekly"],
                environment: ["TZ": "America/New_York"]
            ).status == 0)
        func starts(_ zone: String) throws -> [String] {
            try jsonObjects(
                sandbox.kith(
                    ["schedule", "upcoming", "--json"], environment: ["TZ": zone, "KITH_NOW": "2026-03-01T00:00:00Z"])
            )
            .prefix(3).compactMap { $0["starts"] as? String }
        }
        // 19:00 EST, then 19:00 EDT after 8 March: the meeting's own zone decides, not the reader's.
        let expected = ["2026-03-04T00:00:00Z", "2026-03-10T23:00:00Z"]  // upcoming: the next 14 days
        let (newYork, berlinStarts) = (try starts("America/New_York"), try starts("Europe/Berlin"))
        #expect(newYork == expected, "\(newYork)")
        #expect(berlinStarts == expected, "\(berlinStarts)")
        let berlin = try sandbox.kith(["schedule"], environment: ["TZ": "Europe/Berlin"])
        #expect(berlin.stdout.contains("2026-03-04 01:00"), "shown in the reader's time: \(berlin.stdout)")
    }
}
