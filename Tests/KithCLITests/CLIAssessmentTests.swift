import Foundation
import Testing

/// `kith assess`, `kith plan` and `kith export --format fhir`, with the bundled instruments.
@Suite("kith assess, kith plan and the FHIR export")
struct CLIAssessmentTests {
    static let env = ["KITH_PLUGIN_PATH": KithSandbox.packageRoot.appendingPathComponent("plugins").path]

    /// Runs kith with text on standard input (the interactive questionnaire).
    func kith(_ sandbox: KithSandbox, _ arguments: [String], input: String) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: KithSandbox.binary)
        process.arguments = arguments
        process.environment = sandbox.environment(overrides: Self.env)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile(),
            err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdoutData: out, stderrData: err)
    }

    @Test(
        "assess asks the items one by one, re-asks a bad answer, and records; --answers records headlessly; results show the trend"
    )
    func assess() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let interactive = try kith(sandbox, ["assess", "gad7"], input: "1\n2\n9\n3\n1\n1\n1\n0\n")
        #expect(interactive.status == 0, "\(interactive.summary)")
        #expect(interactive.stdout.contains("Please type one of 0, 1, 2, 3."))
        #expect(interactive.stdout.hasSuffix("GAD-7: 9 (mild)\n"), "\(interactive.summary)")
        let headless = try jsonObject(
            sandbox.kith(
                ["assess", "gad7", "--answers", "3,3,3,3,3,0,0", "--json", "--now", "2026-03-11T12:00:00Z"],
                environment: Self.env))
        #expect(headless["total"] as? Double == 15 && headless["band"] as? String == "severe")
        let wrong = try sandbox.kith(["assess", "phq9", "--answers", "0,1,2"], environment: Self.env)
        #expect(
            wrong.stderrLines == [
                "error: field 'answers' has 3 values, but PHQ-9 has 9 items (and 1 optional after them)"
            ], "\(wrong.summary)")
        let outside = try sandbox.kith(["assess", "phq9", "--answers", "0,1,2,3,4,0,0,0,0"], environment: Self.env)
        #expect(outside.stderrLines == ["error: field 'answers' item 5: 4 is not one of the choices (0, 1, 2, 3)"])
        let results = try sandbox.kith(["assess", "results", "gad7"], environment: Self.env)
        #expect(results.stdout.contains("gad7        15     severe  up 6"), "\(results.summary)")
        let unknown = try sandbox.kith(["assess", "beck"], environment: Self.env)
        #expect(unknown.stderr.contains("names no assessment: \"beck\""))
    }

    @Test("the safety plan is edited from a file, shows current phone numbers, prints as HTML, and asks for review")
    func plan() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Ana", "--type", "family", "--phone", "+1 555 0100", "--no-cadence"])
        try "## 1. Warning signs\n- Not sleeping\n## 4. Help\n- @Ana: call after 6 pm\n## 7. Reasons\n- My daughter\n"
            .write(toFile: sandbox.path("plan.txt"), atomically: true, encoding: .utf8)
        try sandbox.succeed(["plan", "edit", "--from", "plan.txt"])
        try sandbox.succeed(["people", "edit", "Ana", "--phone", "+1 555 0199"])
        let shown = try sandbox.succeed(["plan"])
        #expect(
            shown.stdout.contains("4. People I can ask for help\n   - Ana (+1 555 0199): call after 6 pm"),
            "\(shown.summary)")
        let html = try sandbox.succeed(["report", "safety-plan", "--format", "html"])
        #expect(html.stdout.contains("<li>Ana (+1 555 0199): call after 6 pm</li>"))
        try sandbox.succeed(["plan", "review-every", "30"])
        let later = try sandbox.kith(["remind", "--json", "--now", "2026-04-10T09:00:00Z"])
        #expect(try JSONSerialization.jsonObject(with: later.stdoutData) as? [[String: Any]] != nil)
        #expect(later.stdout.contains("Your safety plan is 37 days old"), "\(later.summary)")
        try "## 4. Help\n- @Nobody\n".write(toFile: sandbox.path("bad.txt"), atomically: true, encoding: .utf8)
        let bad = try sandbox.kith(["plan", "edit", "--from", "bad.txt"])
        #expect(
            bad.stderrLines == [
                "error: line 2: no one named \"Nobody\" is in your network; add them to it first, or drop the @"
            ])
    }

    @Test("the FHIR export validates with an independent FHIR library, with LOINC codes for PHQ-9 and GAD-7")
    func fhir() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["demo"])
        for args in [
            ["assess", "phq9", "--answers", "1,1,2,1,0,1,0,0,1"], ["assess", "gad7", "--answers", "1,1,1,1,1,1,1"],
            ["assess", "mspss", "--answers", "7,7,1,1,7,4,5,1,6,7,1,5"],
        ] {
            #expect(try sandbox.kith(args, environment: Self.env).status == 0)
        }
        #expect(
            try sandbox.kith(["export", "--format", "fhir", "-o", "bundle.json"], environment: Self.env).status == 0)
        let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/fhir_check.py").path
        let checked = try runProcess(
            "/usr/bin/env", ["python3", checker, sandbox.path("bundle.json")],
            environment: ProcessInfo.processInfo.environment)
        #expect(
            checked.status == 0,
            "fhir.resources (installed by scripts/setup.sh --test) refused the bundle: \(checked.summary)")
        let summary = try #require(try JSONSerialization.jsonObject(with: checked.stdoutData) as? [String: Any])
        #expect(summary["type"] as? String == "collection")
        // PHQ-9: its response, the total, and item 9 as an Observation of its own; then GAD-7, MSPSS.
        #expect(
            summary["resources"] as? [String] == [
                "Patient", "QuestionnaireResponse", "Observation", "Observation", "QuestionnaireResponse",
                "Observation", "QuestionnaireResponse", "Observation",
            ])
        let observations = summary["observations"] as? [[String: Any]] ?? []
        #expect((observations[0]["codes"] as? [String])?.first == "http://loinc.org|44261-6")
        #expect(observations[1]["codes"] as? [String] == ["http://loinc.org|44260-8"])
        #expect(
            observations[1]["value"] as? [String] == ["http://loinc.org|LA6569-3"], "item 9 answered 1: several days")
        #expect((observations[2]["codes"] as? [String])?.first == "http://loinc.org|70274-6")
        #expect(observations[0]["value"] as? Double == 7 && observations[3]["value"] as? Double != nil)
        let bundle = try String(contentsOfFile: sandbox.path("bundle.json"), encoding: .utf8)
        #expect(
            bundle.contains("\"LA6570-1\"") && bundle.contains("\"code\" : \"LA6569-3\"")
                || bundle.contains("\"code\":\"LA6569-3\""),
            "answers carry their LOINC answer codes")
    }

    /// The Patient id of a FHIR export of `store`, after validating it with fhir.resources.
    func patientID(_ sandbox: KithSandbox, store: String? = nil, file: String) throws -> (
        patient: String, bundle: String
    ) {
        let result = try sandbox.kith(["export", "--format", "fhir", "-o", file], store: store, environment: Self.env)
        #expect(result.status == 0, "\(result.summary)")
        let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/fhir_check.py").path
        let checked = try runProcess(
            "/usr/bin/env", ["python3", checker, sandbox.path(file)], environment: ProcessInfo.processInfo.environment)
        #expect(checked.status == 0, "fhir.resources refused the bundle: \(checked.summary)")
        let text = try String(contentsOfFile: sandbox.path(file), encoding: .utf8)
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let entries = try #require(bundle["entry"] as? [[String: Any]])
        return (try #require(entries.first?["fullUrl"] as? String), text)
    }

    @Test(
        "FHIR ids come from each store's own identity: two stores at one path never collide, a backup and an import keep them"
    )
    func fhirIdentity() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        #expect(
            try sandbox.kith(["assess", "phq9", "--answers", "3,3,3,3,3,3,3,3,3"], environment: Self.env).status == 0)
        let first = try patientID(sandbox, file: "first.json")
        #expect(try sandbox.kith(["backup", sandbox.path("copy.sqlite")]).status == 0)
        #expect(try patientID(sandbox, store: sandbox.path("copy.sqlite"), file: "copy.json").patient == first.patient)
        #expect(try sandbox.kith(["export", "-o", sandbox.path("all.json")]).status == 0)
        try sandbox.succeed(["init"], store: sandbox.path("imported.sqlite"))
        #expect(
            try sandbox.kith(["import", sandbox.path("all.json")], store: sandbox.path("imported.sqlite")).status == 0)
        #expect(
            try patientID(sandbox, store: sandbox.path("imported.sqlite"), file: "imported.json").patient
                == first.patient)
        // Another person's store at the same path: new identity, no id in common.
        try FileManager.default.removeItem(atPath: (sandbox.storePath as NSString).deletingLastPathComponent)
        try sandbox.succeed(["init"])
        #expect(
            try sandbox.kith(["assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,0"], environment: Self.env).status == 0)
        let second = try patientID(sandbox, file: "second.json")
        #expect(second.patient != first.patient)
        let ids = { (text: String) in Set(text.components(separatedBy: "\"urn:uuid:").dropFirst().map { $0.prefix(36) })
        }
        #expect(ids(first.bundle).isDisjoint(with: ids(second.bundle)))
    }

    @Test("LOINC codes come from the instrument's definition, never from an id that happens to be phq9")
    func loincFromDefinition() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let folder = sandbox.path("plugins/impostor")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"impostor\"\nname = \"I\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.assessments.define{ id = "phq9", title = "Two items", choices = { { value = 0, label = "no" }, { value = 1, label = "yes" } },
          items = { { id = "1", text = "a" }, { id = "2", text = "b" } }, score = function(a) return { total = a["1"] + a["2"] } end }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let env = ["KITH_BUNDLED_PLUGINS": "", "KITH_PLUGIN_PATH": sandbox.path("plugins")]
        #expect(try sandbox.kith(["assess", "phq9", "--answers", "1,1"], environment: env).status == 0)
        #expect(try sandbox.kith(["export", "--format", "fhir", "-o", "b.json"], environment: env).status == 0)
        let text = try String(contentsOfFile: sandbox.path("b.json"), encoding: .utf8)
        #expect(!text.contains("44261-6") && !text.contains("loinc"), "\(text)")
    }

    @Test(
        "instruments as published: instructions first, the source with --about, PHQ-9's difficulty question, LSNS-6 subscales, a checked UCLA-3 cut-off kept with each result"
    )
    func asPublished() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let about = try sandbox.kith(["assess", "phq9", "--about"], environment: Self.env)
        #expect(
            about.stdout.contains(
                "Over the last 2 weeks, how often have you been bothered by any of the following problems?"),
            "\(about.summary)")
        #expect(
            about.stdout.contains("Kroenke K, Spitzer RL, Williams JBW")
                && about.stdout.contains("no permission is required"))
        #expect(
            about.stdout.contains("10. If you checked off any problems")
                && about.stdout.contains("(optional, not scored)"))
        for id in ["gad7", "mspss", "ucla3", "lsns6"] {
            let info = try jsonObject(sandbox.kith(["assess", id, "--about", "--json"], environment: Self.env))
            #expect(
                (info["instructions"] as? String)?.isEmpty == false && ((info["about"] as? String)?.count ?? 0) > 100,
                "\(id): \(info)")
        }
        // Asked in a terminal: the instructions come before the first item.
        let asked = try runProcess(
            "/bin/sh", ["-c", "printf '0\\n0\\n0\\n0\\n0\\n0\\n0\\n' | '\(KithSandbox.binary)' assess gad7"],
            environment: sandbox.environment(overrides: Self.env), currentDirectory: sandbox.root)
        let instructions = try #require(
            asked.stdout.range(
                of: "Over the last 2 weeks, how often have you been bothered by the following problems?"),
            "\(asked.summary)")
        let firstItem = try #require(asked.stdout.range(of: "1/8. Feeling nervous"), "\(asked.summary)")
        #expect(instructions.lowerBound < firstItem.lowerBound)
        // The difficulty answer is recorded, not totalled.
        let phq = try jsonObject(
            sandbox.kith(["assess", "phq9", "--answers", "1,1,1,1,1,1,1,1,0,3", "--json"], environment: Self.env))
        #expect(phq["total"] as? Double == 8 && (phq["answers"] as? [String: Int])?["difficulty"] == 3, "\(phq)")
        // LSNS-6: each subscale below 6 is flagged (Lubben 2006).
        let lsns = try jsonObject(
            sandbox.kith(["assess", "lsns6", "--answers", "1,1,1,5,5,5", "--json"], environment: Self.env))
        #expect(lsns["flags"] as? [String] == ["family subscale 3 below 6: few family ties"], "\(lsns)")
        // UCLA-3: the cut-off is a declared setting; one outside 4-9 is refused when set and
        // nothing is kept; a valid one is stored with the result.
        for bad in ["abc", "0", "6.5"] {
            let refused = try sandbox.kith(["plugins", "set", "ucla3", "cutoff", bad], environment: Self.env)
            #expect(
                refused.status != 0
                    && refused.stderr.contains(
                        "setting 'cutoff' of plugin 'ucla3' must be a whole number from 4 to 9, got \"\(bad)\""),
                "\(refused.summary)")
        }
        let unknown = try sandbox.kith(["plugins", "set", "ucla3", "cutof", "7"], environment: Self.env)
        #expect(unknown.status != 0 && unknown.stderr.contains("its settings: cutoff"), "\(unknown.summary)")
        let info = try sandbox.kith(["plugins", "info", "ucla3"], environment: Self.env).stdout
        #expect(info.contains("cutoff = 6 (a whole number from 4 to 9; default 6)"), "\(info)")
        #expect(try sandbox.kith(["plugins", "set", "ucla3", "cutoff", "7"], environment: Self.env).status == 0)
        let ucla = try jsonObject(
            sandbox.kith(["assess", "ucla3", "--answers", "2,2,1", "--json"], environment: Self.env))
        #expect(
            (ucla["settings"] as? [String: String])?["cutoff"] == "7" && ucla["band"] as? String == "not lonely",
            "\(ucla)")
        #expect(try sandbox.kith(["plugins", "set", "ucla3", "cutoff", "4"], environment: Self.env).status == 0)
        let results = try jsonObjects(sandbox.kith(["assess", "results", "ucla3", "--json"], environment: Self.env))
        #expect(results.first?["band"] as? String == "not lonely", "a later setting never re-bands an old result")
    }

    @Test("the instrument's report reads change over time as its source does, worded as information, not a diagnosis")
    func changeOverTime() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        #expect(
            try sandbox.kith(
                ["assess", "phq9", "--answers", "2,2,2,2,2,2,2,2,0", "--at", "2026-01-05T10:00:00Z"],
                environment: Self.env
            ).status == 0)
        #expect(
            try sandbox.kith(
                ["assess", "phq9", "--answers", "1,1,1,1,1,1,1,0,0", "--at", "2026-03-01T10:00:00Z"],
                environment: Self.env
            ).status == 0)
        let report = try sandbox.kith(["report", "phq9"], environment: Self.env)
        #expect(report.status == 0, "\(report.summary)")
        #expect(report.stdout.contains("From 16 on 2026-01-05 to 7 on 2026-03-01: down 9."), "\(report.stdout)")
        #expect(report.stdout.contains("Response, a fall of 50% or more from the first result: yes (56%)."))
        #expect(report.stdout.contains("Remission, a total below 5: not yet."))
        #expect(
            report.stdout.contains("A change of 5 points or more, which clinicians count as meaningful: yes, down 9."))
        #expect(
            report.stdout.contains(
                "Reliable change, 6 points or more (beyond what measurement error explains): yes, a reliable improvement."
            ))
        // S_diff = 3.5 * sqrt(2 * (1 - 0.84)) = 1.980; RCI = -9 / 1.980 = -4.55; 1.96 * 1.980 = 3.88 points.
        #expect(
            report.stdout.contains(
                "Reliable change index (Jacobson-Truax) -4.55, from reliability 0.84 and standard deviation 3.5; "
                    + "beyond ±1.96 (a change of 3.88 points or more) counts as reliable: yes, a reliable improvement."),
            "\(report.stdout)")
        #expect(report.stdout.contains("Kocalevent RD"), "the SD's source is named")
        #expect(
            report.stdout.contains("Asked: Over the last 2 weeks, how often have you been bothered"),
            "the instructions open the report")
        let html = try sandbox.kith(["report", "phq9", "--format", "html"], environment: Self.env).stdout
        #expect(
            html.contains("Asked: Over the last 2 weeks")
                && html.contains("Reliable change index (Jacobson-Truax) -4.55"), "\(html.prefix(400))")
        #expect(report.stdout.contains("not a diagnosis") && report.stdout.contains("Löwe B"))
        let json = try sandbox.kith(["report", "phq9", "--format", "json"], environment: Self.env).stdout
        #expect(json.contains("Response, a fall of 50% or more"), "the JSON document carries it too")
    }

    @Test("a plugin's extreme totals never crash the change-over-time reading")
    func extremeTotals() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let folder = sandbox.path("plugins/odd")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"odd\"\nname = \"O\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.assessments.define{ id = "odd", title = "Odd", choices = { { value = 0, label = "a" }, { value = 1, label = "b" } },
          items = { { id = "1", text = "x" } }, change = { response = 0.5, remission_below = 5, significant = 5, reliable = 6, reliability = 0.9, sd = 1e-300 },
          score = function(a) return { total = a["1"] == 0 and 1e-300 or -1e9 } end }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        #expect(
            try sandbox.kith(["assess", "odd", "--answers", "0", "--at", "2026-01-01T10:00:00Z"], environment: env)
                .status == 0)
        #expect(
            try sandbox.kith(["assess", "odd", "--answers", "1", "--at", "2026-02-01T10:00:00Z"], environment: env)
                .status == 0)
        let report = try sandbox.kith(["report", "odd"], environment: env)
        #expect(report.status == 0, "\(report.summary)")
        // A total no questionnaire gives is refused when it is recorded, not found later in a chart.
        try
            "kith.assessments.define{ id = 'odd', title = 'Odd', choices = { { value = 0, label = 'a' } }, items = { { id = '1', text = 'x' } }, score = function() return { total = -1e300 } end }\n"
            .write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let huge = try sandbox.kith(["assess", "odd", "--answers", "0"], environment: env)
        #expect(huge.status == 1 && huge.stderr.contains("at most 10^9 in size"), "\(huge.summary)")
        #expect(
            report.stdout.contains("Response, a fall of 50% or more from the first result: yes (more than 100%)."),
            "\(report.stdout)")
        #expect(report.stdout.contains("Reliable change index (Jacobson-Truax)"), "\(report.stdout)")
    }

    @Test(
        "a reliable change index needs a reliability between 0 and 1 and a positive SD, both or neither",
        arguments: [
            ("reliability = 1, sd = 3.5", "change.reliability"), ("reliability = 0.8, sd = 0", "change.sd"),
            ("reliability = 0.8", "needs both reliability and sd"),
            ("reliability = 0/0, sd = 3", "must be a finite number"),
        ])
    func reliableChangeIndexRefusesNonsense(fields: String, message: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let script = sandbox.path("define.lua")
        try """
        local ok, err = pcall(kith.assessments.define, { id = "x", title = "X", choices = { { value = 0, label = "a" } },
          items = { { id = "1", text = "x" } }, change = { \(fields) }, score = function(a) return { total = 0 } end })
        print(ok, err)
        """.write(toFile: script, atomically: true, encoding: .utf8)
        let run = try sandbox.kith(["run", script])
        #expect(run.stdout.hasPrefix("false") && run.stdout.contains(message), "\(run.summary)")
    }
}
