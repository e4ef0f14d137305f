import Foundation
import Testing

/// The permission gate and definition ownership as a hostile plugin author meets them:
/// plugins in a folder, run through the binary against a store holding sensitive data.
@Suite("trust boundary: every route honours a plugin's permissions")
struct TrustBoundaryTests {
    /// A store with a person (with a phone), a safety plan, a journal entry and a PHQ-9 result
    /// whose item 9 is above 0: everything a plugin without permissions must not see.
    func sensitiveStore() throws -> KithSandbox {
        let sandbox = try KithSandbox()
        try sandbox.succeed(["init"])
        try sandbox.succeed(["people", "add", "Ana Secret", "--type", "family", "--phone", "+1 555 0199", "--crisis"])
        try sandbox.succeed(["journal", "add", "private words about a hard night"])
        try sandbox.succeed(["plan", "add", "warning_signs", "sleepless nights"])
        return sandbox
    }

    /// Writes plugins/NAME with `permissions` and `initLua`.
    func plugin(_ sandbox: KithSandbox, _ name: String, permissions: [String] = [], _ initLua: String) throws {
        let dir = sandbox.path("plugins/\(name)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let list = permissions.map { "\"\($0)\"" }.joined(separator: ", ")
        try "id = \"\(name)\"\nname = \"\(name)\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\(list)]\n"
            .write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
        try initLua.write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
    }

    @Test("kith.reports.run from a plugin without permissions reveals no report's data")
    func reportsRunNeedsReads() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        // The plugin's own report reads nothing, and tries every built-in report from inside.
        try plugin(
            sandbox, "spy",
            """
            kith.reports.define{ id = "spy", title = "Spy", reads = {}, build = function()
              local out = {}
              for _, id in ipairs({ "network", "safety-plan", "weekly", "coverage", "rhythm", "mood-connection" }) do
                local ok, doc = pcall(kith.reports.run, id)
                out[#out + 1] = id .. "=" .. (ok and kith.json.encode(doc) or doc)
              end
              return { title = "Spy", blocks = { { kind = "list", items = out } } }
            end }
            """)
        let result = try sandbox.kith(["report", "spy", "--format", "json", "--plugins", sandbox.path("plugins")])
        #expect(result.status == 0, "\(result.summary)")
        for secret in ["Ana Secret", "0199", "sleepless", "private words"] {
            #expect(!result.stdout.contains(secret), "\(secret) leaked: \(result.stdout)")
        }
        #expect(
            result.stdout.contains("network=") && result.stdout.contains("lacks permission 'people.read'"),
            "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "safety-plan=kith.reports.run: report 'safety-plan' reads 'people.read': plugin 'spy' lacks permission 'people.read'"
            ),
            "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "weekly=kith.reports.run: report 'weekly' reads 'assessments.read': plugin 'spy' lacks permission 'assessments.read'"
            ),
            "\(result.stdout)")
    }

    @Test("kith.reminders.due shows a rule's reminders only to code holding every read its plugin holds")
    func remindersDueHonourReads() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        // A rule whose plugin reads the journal puts journal text in a reminder's title.
        try plugin(
            sandbox, "journal-rule", permissions: ["journal.read"],
            """
            kith.reminders.define{ id = "echo", title = "Echo", check = function(ctx)
              local last = kith.journal.list{ limit = 1 }[1]
              return { { key = "k", title = "About: " .. last.text, due = ctx.now } }
            end }
            """)
        // Two readers of due reminders: one holds journal.read, one does not.
        for (name, extra) in [("peek-without", ""), ("peek-with", ", \"journal.read\"")] {
            try plugin(
                sandbox, name, permissions: ["people.read", "schedule.read"] + (extra.isEmpty ? [] : ["journal.read"]),
                """
                kith.reports.define{ id = "\(name)", title = "Peek", reads = { "people.read", "schedule.read"\(extra) }, build = function()
                  local seen = {}
                  for _, r in ipairs(kith.reminders.due{}) do seen[#seen + 1] = r.title end
                  return { title = "Peek", blocks = { { kind = "list", items = seen } } }
                end }
                """)
        }
        let plugins = ["--plugins", sandbox.path("plugins")]
        let without = try sandbox.kith(["report", "peek-without", "--format", "json"] + plugins)
        #expect(without.status == 0, "\(without.summary)")
        #expect(
            !without.stdout.contains("private words"),
            "a rule's journal text reached a plugin without journal.read: \(without.stdout)")
        let with = try sandbox.kith(["report", "peek-with", "--format", "json"] + plugins)
        #expect(
            with.stdout.contains("About: private words about a hard night"),
            "the control: a reader with journal.read sees it: \(with.summary)")
    }

    @Test("a report's build reaches only what the report declares in reads, whatever its plugin holds")
    func buildLimitedToReads() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        try plugin(
            sandbox, "narrow", permissions: ["journal.read", "people.read"],
            """
            kith.reports.define{ id = "narrow", title = "Narrow", reads = { "people.read" }, build = function()
              local ok, err = pcall(kith.journal.list)
              return { title = "Narrow", blocks = { { kind = "text", text = tostring(ok) .. " " .. tostring(err) },
                                                   { kind = "text", text = #kith.people.list() .. " people" } } }
            end }
            """)
        // A plugin that holds people.read may run it; one that holds nothing may not.
        try plugin(
            sandbox, "runner", permissions: ["people.read"],
            """
            kith.reports.define{ id = "runner", title = "Runner", reads = { "people.read" }, build = function()
              return kith.reports.run("narrow")
            end }
            """)
        let result = try sandbox.kith(["report", "narrow", "--plugins", sandbox.path("plugins")])
        #expect(result.status == 0, "\(result.summary)")
        #expect(
            result.stdout.contains(
                "false kith.journal.list: report 'narrow' does not declare 'journal.read' in its reads"),
            "\(result.stdout)")
        #expect(result.stdout.contains("1 people"), "\(result.stdout)")
        #expect(!result.stdout.contains("private words"))
        let nested = try sandbox.kith(["report", "runner", "--plugins", sandbox.path("plugins")])
        #expect(nested.status == 0 && nested.stdout.contains("1 people"), "\(nested.summary)")
    }

    @Test("a report cannot declare reads its plugin was not granted")
    func readsBeyondGrant() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        try plugin(
            sandbox, "greedy",
            "kith.reports.define{ id = 'greedy', title = 'G', reads = { 'journal.read' }, build = function() end }")
        let result = try sandbox.kith(["report", "--plugins", sandbox.path("plugins")])
        #expect(
            result.stderr.contains(
                "plugin 'greedy' did not load: [greedy] init.lua:1: kith.reports.define: field 'reads' names 'journal.read', which plugin 'greedy' does not hold"
            ),
            "\(result.summary)")
    }

    @Test("an event handler needs the read permission of the event's data, checked when it registers")
    func eventsNeedReadPermission() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        try plugin(sandbox, "listener", "kith.on('journal.added', function(e) kith.log.warn(e.text) end)")
        try plugin(
            sandbox, "half", permissions: ["journal.read"],
            """
            kith.on('journal.added', function(e) kith.log.warn('saw ' .. e.text) end)
            kith.on('person.added', function(p) kith.log.warn('saw ' .. tostring(p.phone)) end)
            """)
        let result = try sandbox.kith(["journal", "add", "another private line", "--plugins", sandbox.path("plugins")])
        #expect(result.status == 0, "\(result.summary)")
        #expect(
            result.stderr.contains(
                "plugin 'listener' did not load: [listener] init.lua:1: kith.on: 'journal.added' carries data that needs 'journal.read', which plugin 'listener' does not hold"
            ),
            "\(result.summary)")
        #expect(
            result.stderr.contains(
                "plugin 'half' did not load: [half] init.lua:2: kith.on: 'person.added' carries data that needs 'people.read'"
            ),
            "\(result.summary)")
        #expect(!result.stderr.contains("saw another private line"), "\(result.summary)")
    }

    @Test("the safety plan has its own permissions: plan.read to read it, plan.write to change it")
    func planPermissions() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        try plugin(
            sandbox, "reader", permissions: ["plan.read"],
            """
            kith.reports.define{ id = "reader", title = "R", reads = { "plan.read" }, build = function()
              local plan = kith.plan.get()
              local ok, err = pcall(kith.plan.update, { reasons = { "changed by a plugin" } })
              return { title = "R", blocks = { { kind = "text", text = plan.warning_signs[1].text },
                                              { kind = "text", text = tostring(err) } } }
            end }
            """)
        let result = try sandbox.kith(["report", "reader", "--plugins", sandbox.path("plugins")])
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout.contains("sleepless nights"))
        #expect(
            result.stdout.contains("kith.plan.update: plugin 'reader' lacks permission 'plan.write'"),
            "\(result.stdout)")
        let plan = try sandbox.succeed(["plan"]).stdout
        #expect(!plan.contains("changed by a plugin"))
        // A script (every permission) changes the steps it names and keeps the others.
        try """
        kith.plan.update{ reasons = { "my sister", { text = "call her", person = "Ana Secret" } } }
        local plan = kith.plan.get()
        print(plan.warning_signs[1].text, plan.reasons[1].text, plan.reasons[2].person, #plan.coping)
        """.write(toFile: sandbox.path("plan.lua"), atomically: true, encoding: .utf8)
        #expect(
            try sandbox.succeed(["run", sandbox.path("plan.lua")]).stdout
                == "sleepless nights\tmy sister\tAna Secret\t0\n")
    }

    @Test(
        "a plugin defining another plugin's assessment sets both aside; the person chooses, and the score is the real one"
    )
    func noInstrumentTakeover() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try plugin(
            sandbox, "aaa-fake",
            """
            kith.assessments.define{ id = "phq9", title = "PHQ-9", choices = { { value = 0, label = "x" }, { value = 3, label = "y" } },
              items = { { id = "1", text = "a" }, { id = "2", text = "b" }, { id = "3", text = "c" }, { id = "4", text = "d" },
                        { id = "5", text = "e" }, { id = "6", text = "f" }, { id = "7", text = "g" }, { id = "8", text = "h" },
                        { id = "9", text = "i" } },
              score = function() return { total = 0, band = "minimal", flags = {} } end }
            """)
        let env = ["KITH_BUNDLED_PLUGINS": KithSandbox.packageRoot.appendingPathComponent("plugins").path]
        let path = ["--plugins", sandbox.path("plugins")]
        let list = try jsonObjects(sandbox.kith(["plugins", "list", "--json"] + path, environment: env))
        let fake = try #require(list.first { $0["id"] as? String == "aaa-fake" })
        let real = try #require(list.first { $0["id"] as? String == "phq9" })
        #expect(fake["status"] as? String == "conflict" && real["status"] as? String == "conflict", "\(list)")
        #expect(
            (real["reason"] as? String)?.contains("assessment 'phq9' is also defined by plugin 'aaa-fake'") == true,
            "\(real)")
        let answers = Array(repeating: "3", count: 9)
        let refused = try sandbox.kith(
            ["assess", "phq9", "--answers", answers.joined(separator: ","), "--json"] + path, environment: env)
        #expect(refused.status != 0, "\(refused.summary)")
        #expect(
            refused.stderr.contains(
                "plugin 'aaa-fake' is not used: assessment 'phq9' is also defined by plugin 'phq9'"),
            "\(refused.summary)")
        #expect(try sandbox.kith(["plugins", "disable", "aaa-fake"] + path, environment: env).status == 0)
        let scored = try jsonObject(
            sandbox.kith(
                ["assess", "phq9", "--answers", answers.joined(separator: ","), "--json"] + path, environment: env))
        #expect(scored["total"] as? Double == 27, "\(scored)")
        #expect((scored["flags"] as? [String])?.isEmpty == false, "\(scored)")
        #expect(scored["scored_by"] as? String == "phq9" && scored["scorer_version"] as? String == "1.0.0", "\(scored)")
    }

    @Test("kith plugins disable and enable run no plugin code, so a misbehaving plugin can always be switched off")
    func disableWithoutRunning() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try plugin(sandbox, "noisy", "kith.log.warn('init.lua ran'); while true do end")
        let path = ["--plugins", sandbox.path("plugins")]
        let started = Date()
        let disabled = try sandbox.kith(
            ["plugins", "disable", "noisy"] + path, environment: ["KITH_PLUGIN_TIMEOUT": "30"])
        #expect(disabled.status == 0, "\(disabled.summary)")
        #expect(!disabled.stderr.contains("init.lua ran"), "\(disabled.summary)")
        #expect(Date().timeIntervalSince(started) < 10)
        let enabled = try sandbox.kith(
            ["plugins", "enable", "noisy"] + path, environment: ["KITH_PLUGIN_TIMEOUT": "30"])
        #expect(enabled.status == 0 && !enabled.stderr.contains("init.lua ran"), "\(enabled.summary)")
    }

    @Test("a huge plugin.toml is refused without reading it, and the plugin can still be disabled")
    func hugeManifest() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try plugin(sandbox, "huge", "")
        let manifest = sandbox.path("plugins/huge/plugin.toml")
        let handle = try #require(FileHandle(forWritingAtPath: manifest))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("# " + String(repeating: "x", count: 1 << 20) + "\n").utf8))
        try handle.close()
        let path = ["--plugins", sandbox.path("plugins")]
        let types = try sandbox.kith(["types"] + path)
        #expect(types.status == 0 && types.stderr.contains("plugin.toml: is 10"), "\(types.summary)")
        #expect(types.stderr.contains("Kith reads at most 65536 bytes of it"), "\(types.summary)")
    }

    @Test("a plugin importer refuses a file larger than its memory allows before reading it")
    func importerFileSize() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try plugin(
            sandbox, "reader", permissions: ["people.write"],
            "kith.importers.define{ id = 'lines', import = function(text) return { lines = #text } end }")
        let big = sandbox.path("big.txt")
        FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 40 << 20)  // 40 MiB, sparse: more than half of 64 MiB
        try handle.close()
        let result = try sandbox.kith(["import", "lines", big, "--plugins", sandbox.path("plugins")])
        #expect(result.status != 0, "\(result.summary)")
        #expect(
            result.stderr.contains(
                "is 40 MiB; the 'lines' importer of plugin 'reader' reads a file whole, within its memory limit: at most 32 MiB"
            ),
            "\(result.summary)")
    }

    @Test("occurrences of a daily event from year 1, asked about year 9999, cost the window, not the years")
    func occurrencesFromYearOne() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try """
        for i = 1, 6 do kith.schedule.add{ title = "old " .. i, starts = "0001-01-01T09:00:00Z", ["repeat"] = { freq = "daily" } } end
        print(#kith.schedule.occurrences{ since = "9990-01-01", ["until"] = "9999-12-31" })
        """.write(toFile: sandbox.path("old.lua"), atomically: true, encoding: .utf8)
        let started = Date()
        let result = try sandbox.kith(["run", sandbox.path("old.lua")])
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout == "\(6 * 3652)\n", "\(result.summary)")
        // Walking 3.6 million days per event took minutes; the window takes well under a second.
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test(
        "a plugin reusing another's id cannot read, through kith.store, what the first derived from permissions it lacks"
    )
    func storedDataKeepsItsWritersPermissions() throws {
        let sandbox = try sensitiveStore()
        defer { sandbox.remove() }
        let honest = sandbox.path("honest/alpha"), shadow = sandbox.path("shadow/alpha")
        for (dir, permissions, code) in [
            (honest, "[\"journal.read\"]", "kith.store.set('summary', kith.journal.list()[1].text)"),
            (shadow, "[]", "kith.log.warn('LEAK ' .. tostring(kith.store.get('summary')))"),
        ] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "id = \"alpha\"\nname = \"A\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = \(permissions)\n"
                .write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
            try code.write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
        }
        #expect(try sandbox.kith(["types", "--plugins", sandbox.path("honest")]).status == 0)
        let result = try sandbox.kith([
            "types", "--plugins", sandbox.path("shadow"), "--plugins", sandbox.path("honest"),
        ])
        #expect(!result.stderr.contains("private words"), "\(result.summary)")
        #expect(
            result.stderr.contains(
                "the data kept under 'alpha' was written by a plugin with this id holding 'journal.read'"),
            "\(result.summary)")
    }
}
