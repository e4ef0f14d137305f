import Foundation
import Testing

/// A risk answer always leads to help, as a person meets it: the command that records it shows
/// who to reach and a crisis line, a reminder stays until done, the plan and reports show them.
@Suite("crisis safety: a risk answer leads to help")
struct CrisisSafetyTests {
    static let bundled = ["KITH_BUNDLED_PLUGINS": KithSandbox.packageRoot.appendingPathComponent("plugins").path]
    static let itemNine = "0,0,0,0,0,0,0,0,1"

    func kith(_ sandbox: KithSandbox, _ arguments: [String], zone: String = "UTC") throws -> ProcessResult {
        try sandbox.kith(arguments, environment: Self.bundled.merging(["TZ": zone]) { $1 })
    }

    @Test(
        "with no contacts and no line, the risk answer says so plainly and how to set them, and a reminder stays until done"
    )
    func riskWithNothingSet() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let result = try kith(sandbox, ["assess", "phq9", "--answers", Self.itemNine])
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout.contains("came on several days over the last two weeks"), "\(result.stdout)")
        #expect(result.stdout.contains("Who to reach now:"))
        #expect(result.stdout.contains("No one in your network is marked as a crisis contact"))
        #expect(
            result.stdout.contains("No crisis line is set. If you are in danger now, call your local emergency number.")
        )
        #expect(result.stdout.contains("kith plan crisis-line --country CODE"))
        let due = try jsonObjects(kith(sandbox, ["remind", "--json"]))
        let crisis = try #require(due.first { $0["source"] as? String == "kith.crisis" }, "\(due)")
        #expect(crisis["priority"] as? String == "high")
        #expect(due.first?["source"] as? String == "kith.crisis", "the crisis reminder comes first")
        let key = try #require(crisis["key"] as? String)
        let snooze = try kith(sandbox, ["remind", "snooze", "kith.crisis", key, "--until", "2026-03-10"])
        #expect(snooze.status != 0 && snooze.stderr.contains("it stays until you mark it done"), "\(snooze.summary)")
        #expect(try kith(sandbox, ["remind", "done", "kith.crisis", key]).status == 0)
        let after = try jsonObjects(kith(sandbox, ["remind", "--json"]))
        #expect(!after.contains { $0["source"] as? String == "kith.crisis" })
    }

    @Test(
        "with contacts and a line, every front end names them: assess, plan, the printable plan with tel: links, JSON")
    func riskWithContacts() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try sandbox.succeed(["people", "add", "Ana", "--type", "family", "--crisis", "--phone", "+44 7700 900123"])
        try sandbox.succeed(["people", "add", "Bo", "--type", "friend", "--crisis"])
        try sandbox.succeed(["people", "add", "Cy", "--type", "friend", "--crisis", "--phone", "07700 900456"])
        try sandbox.succeed(["people", "archive", "Cy"])
        #expect(try sandbox.succeed(["plan", "crisis-line", "--country", "gb"]).stdout.contains("Samaritans: 116 123"))
        let assessed = try jsonObject(kith(sandbox, ["assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,3", "--json"]))
        let crisis = try #require(assessed["crisis"] as? [String: Any], "\(assessed)")
        #expect((crisis["line"] as? [String: Any])?["phone"] as? String == "116 123")
        #expect((crisis["contacts"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Ana", "Bo", "Cy"])
        #expect((assessed["risk"] as? String)?.contains("nearly every day") == true)
        let plan = try sandbox.succeed(["plan"]).stdout
        #expect(plan.contains("- Ana: +44 7700 900123 (crisis contact)"), "\(plan)")
        #expect(plan.contains("- Bo (crisis contact). No phone number is saved for them"), "\(plan)")
        #expect(plan.contains("- Cy: 07700 900456 (crisis contact, archived)"), "\(plan)")
        #expect(plan.contains("- Samaritans: 116 123 (free, any hour)"), "\(plan)")
        let html = try sandbox.succeed(["report", "safety-plan", "--format", "html"]).stdout
        #expect(html.contains("<a href=\"tel:+447700900123\">+44 7700 900123</a>"), "\(html)")
        #expect(html.contains("<a href=\"tel:116123\">116 123</a>"))
        let due = try jsonObjects(kith(sandbox, ["remind", "--json"]))
        #expect(
            (due.first?["title"] as? String)?.contains("call Ana (+44 7700 900123) or Samaritans (116 123)") == true,
            "\(due)")
    }

    @Test("a risk answer recorded by a script or an import also ends with who to reach")
    func riskFromScriptAndImport() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try
            "kith.assessments.record('phq9', { ['1']=0, ['2']=0, ['3']=0, ['4']=0, ['5']=0, ['6']=0, ['7']=0, ['8']=0, ['9']=2 })"
            .write(toFile: sandbox.path("r.lua"), atomically: true, encoding: .utf8)
        let run = try kith(sandbox, ["run", sandbox.path("r.lua")])
        #expect(run.status == 0, "\(run.summary)")
        #expect(
            run.stderr.contains("kith: an answer just recorded needs attention.")
                && run.stderr.contains("Who to reach now:"), "\(run.summary)")
        let exported = sandbox.path("export.json")
        #expect(try kith(sandbox, ["export", "-o", exported]).status == 0)
        let other = sandbox.path("other.sqlite")
        try sandbox.succeed(["init"], store: other)
        let imported = try sandbox.kith(["import", exported], store: other, environment: Self.bundled)
        #expect(imported.status == 0, "\(imported.summary)")
        #expect(imported.stderr.contains("Who to reach now:"), "\(imported.summary)")
        let due = try jsonObjects(sandbox.kith(["remind", "--json"], store: other, environment: Self.bundled))
        #expect(due.contains { $0["source"] as? String == "kith.crisis" }, "the reminder travels with the result")
    }

    @Test("the weekly report and the instrument's report flag the answer, dated in the person's zone")
    func reportsFlagRisk() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        // 21:00 on 3 March in New York is 02:00 on 4 March in UTC.
        let zone = "America/New_York"
        #expect(
            try kith(
                sandbox, ["assess", "phq9", "--answers", Self.itemNine, "--at", "2026-03-03T21:00:00-05:00"], zone: zone
            ).status == 0)
        let instrument = try kith(sandbox, ["report", "phq9"], zone: zone).stdout
        #expect(instrument.contains("Answers that need attention"), "\(instrument)")
        #expect(instrument.contains("2026-03-03, phq9: You said that thoughts"), "\(instrument)")
        #expect(
            !instrument.contains("2026-03-04, phq9") && !instrument.contains("2026-03-04: item 9"),
            "a UTC date leaked: \(instrument)")
        let weekly = try kith(sandbox, ["report", "weekly", "--now", "2026-03-05T12:00:00Z"], zone: zone).stdout
        #expect(
            weekly.contains("Answers that need attention") && weekly.contains("Who to reach now") == false, "\(weekly)")
        #expect(weekly.contains("No crisis line is set"), "\(weekly)")
    }

    @Test("a crisis line is set from a bundled country or a name and number, and bad input changes nothing")
    func crisisLineSetting() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let unknown = try sandbox.kith(["plan", "crisis-line", "--country", "XX"])
        #expect(
            unknown.status != 0 && unknown.stderr.contains("has no bundled crisis line for \"XX\""),
            "\(unknown.summary)")
        let noNumber = try sandbox.kith(["plan", "crisis-line", "--name", "Clinic line", "--phone", "call us"])
        #expect(
            noNumber.status != 0 && noNumber.stderr.contains("must contain a number to call"), "\(noNumber.summary)")
        #expect(try sandbox.succeed(["plan", "crisis-line"]).stdout.contains("No crisis line is set"))
        #expect(
            try sandbox.succeed(["plan", "crisis-line", "--name", "Riverside on call", "--phone", "+1 555 0111"]).stdout
                .contains("Riverside on call: +1 555 0111"))
        #expect(try sandbox.succeed(["plan", "crisis-line", "--country", "AU"]).stdout.contains("Lifeline: 13 11 14"))
    }

    @Test("a clinic plugin's crisis line is the default, the person's own choice wins, and the plugin needs plan.write")
    func clinicDefaultLine() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        for (name, permissions) in [("clinic", "[\"plan.write\"]"), ("sneaky", "[]")] {
            let dir = sandbox.path("plugins/\(name)")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "id = \"\(name)\"\nname = \"C\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = \(permissions)\n"
                .write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
            try "kith.plan.default_crisis_line{ name = '\(name) line', phone = '+1 555 0111' }".write(
                toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
        }
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        let plan = try sandbox.kith(["plan"], environment: env)
        #expect(plan.stdout.contains("- clinic line: +1 555 0111"), "\(plan.summary)")
        let plugins = try jsonObjects(sandbox.kith(["plugins", "list", "--json"], environment: env))
        let sneaky = try #require(plugins.first { $0["id"] as? String == "sneaky" })
        #expect(
            sneaky["status"] as? String == "failed"
                && (sneaky["reason"] as? String)?.contains("lacks permission 'plan.write'") == true, "\(sneaky)")
        #expect(try sandbox.kith(["plan", "crisis-line", "--country", "IE"], environment: env).status == 0)
        #expect(try sandbox.kith(["plan"], environment: env).stdout.contains("- Samaritans: 116 123"))
    }
}
