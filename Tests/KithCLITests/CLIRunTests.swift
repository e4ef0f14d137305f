import Foundation
import Testing

/// `kith run`: Lua scripts against the store, run as a user runs them.
@Suite("kith run: Lua scripts from the command line")
struct CLIRunTests {
    func write(_ text: String, to name: String, in sandbox: KithSandbox) throws {
        try text.write(toFile: sandbox.path(name), atomically: true, encoding: .utf8)
    }

    @Test("a failing script names the script, file, line, function and field, and keeps what it committed")
    func failureIsLocatedAndEarlierWritesStay() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write(
            """
            kith.journal.add{ mood = 3, text = "first" }
            kith.journal.add{ mood = 4, text = "second" }
            kith.journal.add{ mood = 9, text = "third" }
            kith.journal.add{ mood = 2, text = "never" }
            """, to: "script.lua", in: sandbox)
        let result = try sandbox.kith(["run", "script.lua"])
        #expect(result.status != 0)
        #expect(
            result.stderrLines.first
                == "[script.lua] script.lua:3: kith.journal.add: field 'mood' must be an integer from 1 to 5, got 9",
            "\(result.summary)")
        #expect(result.stderr.contains("the 2 writes it made before are committed"))
        #expect(!result.stderr.contains("stack traceback"))
        let texts = try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).compactMap { $0["text"] as? String }
        #expect(texts.sorted() == ["first", "second"])

        let verbose = try sandbox.kith(["run", "--verbose", "script.lua"])
        #expect(verbose.stderr.contains("stack traceback"), "\(verbose.summary)")
    }

    @Test("arguments reach the script as arg, and print goes to standard output")
    func arguments() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write("print(#arg, arg[0], arg[1], arg[2])", to: "args.lua", in: sandbox)
        let result = try sandbox.succeed(["run", "args.lua", "one", "--two"])
        #expect(result.stdout == "2\targs.lua\tone\t--two\n")
    }

    @Test("--dry-run rolls every write back and lists what it would have written")
    func dryRun() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Ana", "--type", "family"])
        let before = try sandbox.export()
        try write(
            """
            kith.people.add{ name = "Dee", type = "peer" }
            kith.interactions.log{ person = "Ana", channel = "call" }
            assert(kith.people.get("Dee"), "the script sees its own writes")
            """, to: "dry.lua", in: sandbox)
        let result = try sandbox.succeed(["run", "--dry-run", "dry.lua"])
        #expect(result.stderr.contains("would have made 2 changes"), "\(result.summary)")
        #expect(result.stderr.contains("added person Dee"))
        #expect(try sandbox.export() == before)
    }

    @Test("--timeout stops an endless loop with a clear message")
    func timeout() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write("local n = 0\nwhile true do n = n + 1 end", to: "loop.lua", in: sandbox)
        let start = Date()
        let result = try sandbox.kith(["run", "--timeout", "0.5", "loop.lua"])
        #expect(result.status == 1)
        #expect(
            result.stderrLines.first == "[loop.lua] loop.lua:2: time limit of 0.5 s reached; the call was stopped",
            "\(result.summary)")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("--memory caps the script's memory")
    func memory() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write("local t = {} for i = 1, 1e8 do t[i] = tostring(i) end", to: "bomb.lua", in: sandbox)
        let result = try sandbox.kith(["run", "--memory", "8", "bomb.lua"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("[bomb.lua] memory limit of 8 MiB reached"), "\(result.summary)")
    }

    @Test("C code that would run past the deadline stops at it: patterns, sort through C metamethods, coroutine.close")
    func cCodeStopsAtDeadline() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let cases = [
            // Narrow repeats: a match that would run for hours.
            "print(string.find(string.rep('a', 3000), 'a*a*a*a*a*a*b'))",
            // Comparisons through a C metamethod: no Lua instruction runs while sort works.
            "local o = setmetatable({}, { __lt = rawget }) local t = {} for i = 1, 3000000 do t[i] = o end table.sort(t)",
            // A table.sort with a C comparator.
            "local t = {} for i = 1, 3000000 do t[i] = (i * 7919) % 3000017 end table.sort(t, math.ult) table.sort(t, math.ult)",
        ]
        for (n, code) in cases.enumerated() {
            try write("kith.journal.add{ mood = 3 }\n" + code, to: "stuck.lua", in: sandbox)
            let start = Date()
            let result = try sandbox.kith(["run", "--timeout", "0.5", "--memory", "256", "stuck.lua"])
            let seconds = Date().timeIntervalSince(start)
            #expect(result.status == 1, "case \(n + 1): \(result.summary)")
            #expect(
                result.stderrLines.first?.hasPrefix("[stuck.lua] stuck.lua:2: time limit of 0.5 s reached") == true,
                "case \(n + 1): \(result.summary)")
            // 0.5 s of limit, plus starting a debug kith and opening the store.
            #expect(seconds < 1.5, "case \(n + 1) took \(seconds) s")
        }
        // The writes committed before each stop are safe, and the store is intact.
        #expect(try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).count == cases.count)
        #expect(try integrityCheck(sandbox.storePath) == "ok")
    }

    @Test("syntax errors and bytecode are refused with the file and line")
    func badSources() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write("local x = = 1", to: "bad.lua", in: sandbox)
        let bad = try sandbox.kith(["run", "bad.lua"])
        #expect(bad.status == 1)
        #expect(bad.stderrLines.first?.hasPrefix("[bad.lua] bad.lua:1:") == true, "\(bad.summary)")
        try Data([0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00]).write(to: URL(fileURLWithPath: sandbox.path("compiled.lua")))
        let compiled = try sandbox.kith(["run", "compiled.lua"])
        #expect(compiled.status == 1)
        #expect(compiled.stderr.contains("compiled Lua bytecode"), "\(compiled.summary)")
    }

    @Test("the example scripts run on a demo store")
    func examples() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let examples = KithSandbox.packageRoot.appendingPathComponent("scripts/examples")
        try sandbox.succeed(["demo"])
        // Scripts get files under a working directory (never the home folder itself).
        let work = URL(fileURLWithPath: sandbox.path("work"))
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: examples.appendingPathComponent("clinic-intake.csv").path, toPath: work.path + "/intake.csv")
        let importer = examples.appendingPathComponent("import-clinic-csv.lua").path
        let runInWork = {
            try runProcess(
                KithSandbox.binary, ["run", importer, "intake.csv"], environment: sandbox.environment(),
                currentDirectory: work)
        }
        let first = try runInWork()
        #expect(first.stdout.contains("Imported 4 people"), "\(first.summary)")
        let again = try runInWork()
        #expect(again.stdout.contains("Imported 0 people"), "\(again.summary)")
        let jude = try jsonObject(sandbox.succeed(["people", "show", "Okafor, Jude", "--json"]))
        #expect(jude["circle"] as? String == "inner")
        #expect(jude["provides"] as? [String] == ["emotional", "informational"])

        let summary = try sandbox.succeed([
            "run", examples.appendingPathComponent("monthly-summary.lua").path, "2026-02",
        ])
        #expect(summary.stdout.hasPrefix("# Recovery summary, 2026-02"), "\(summary.summary)")
        #expect(summary.stdout.contains("- Journal entries: 28"))

        let before = try sandbox.export()
        let archive = try sandbox.succeed([
            "run", "--dry-run", examples.appendingPathComponent("archive-unseen.lua").path, "30",
        ])
        #expect(archive.stdout.contains("archived."), "\(archive.summary)")
        #expect(try sandbox.export() == before)
    }
}
