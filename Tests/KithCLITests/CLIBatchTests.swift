import Foundation
import Testing

/// Importing with the CLI, and running scripts and reports across many stores.
@Suite("kith import, kith batch and kith report --stores")
struct CLIBatchTests {
    static let fixtures = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures")

    @Test("imports refuse bad input with file and line, dry-run writes nothing, and a second import adds nothing")
    func imports() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let daylio = Self.fixtures.appendingPathComponent("daylio/sample.csv").path
        let refused = try sandbox.kith(["import", "daylio", daylio])
        #expect(refused.status != 0 && refused.stderr.contains("--mood-map 'average=3,sad=3'"), "\(refused.summary)")
        let dry = try sandbox.succeed(["import", "daylio", daylio, "--mood-map", "sad=2,average=3", "--dry-run"])
        #expect(dry.stdout.hasPrefix("Dry run, nothing written: would import 3 journal entries"))
        #expect(try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).isEmpty)
        let first = try jsonObject(
            sandbox.succeed(["import", "daylio", daylio, "--mood-map", "sad=2,average=3", "--json"]))
        #expect(first["entries_added"] as? Int == 3)
        let again = try jsonObject(
            sandbox.succeed(["import", "daylio", daylio, "--mood-map", "sad=2,average=3", "--json"]))
        #expect(again["entries_added"] as? Int == 0 && again["entries_skipped"] as? Int == 3)
        let vcard = try sandbox.succeed([
            "import", "vcard", Self.fixtures.appendingPathComponent("vcard/apple30_related.vcf").path,
        ])
        #expect(vcard.stdout.hasPrefix("Imported 4 people"))
        try
            "full_date,date,weekday,time,mood,activities,note_title,note\n2021-09-28,28 September,Tuesday,10:00 pm,good,\"\",\"\",\"\"\n2021-09-27,x,Monday,9:00 am,rad,\"\",\"\",\"\"\n2021-02-30,x,Monday,9:00 am,rad,\"\",\"\",\"\"\n"
            .write(toFile: sandbox.path("bad.csv"), atomically: true, encoding: .utf8)
        let bad = try sandbox.kith(["import", "daylio", "bad.csv"])
        #expect(
            bad.stderrLines == [
                "error: bad.csv:4: field 'full_date' must be a date like 2026-03-01, got \"2021-02-30\"; nothing was imported"
            ], "\(bad.summary)")
        #expect(try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).count == 3)
    }

    @Test("a plugin importer runs in one transaction: an error anywhere imports nothing")
    func pluginImporter() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("plugins/intake")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "id = \"intake\"\nname = \"Intake\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"people.write\", \"people.read\"]\n"
            .write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.importers.define{ id = "riverside", description = "Riverside intake sheet", import = function(text, ctx)
          local n = 0
          for line in text:gmatch("[^\\n]+") do
            local name, type = line:match("^([^;]+);([^;]+)$")
            if not name then error(ctx.file .. ": cannot read '" .. line .. "'") end
            kith.people.add{ name = name, type = type }
            n = n + 1
          end
          return { people = n }
        end }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        try "Ana;family\nDee;peer\n".write(toFile: sandbox.path("good.txt"), atomically: true, encoding: .utf8)
        try "Bo;friend\nnonsense\n".write(toFile: sandbox.path("bad.txt"), atomically: true, encoding: .utf8)
        let good = try sandbox.kith(["import", "riverside", "good.txt"], environment: env)
        #expect(good.stdout == "Imported 2 people from good.txt.\n", "\(good.summary)")
        let bad = try sandbox.kith(["import", "riverside", "bad.txt"], environment: env)
        #expect(
            bad.status != 0 && bad.stderr.contains("[intake] init.lua:5: bad.txt: cannot read 'nonsense'"),
            "\(bad.summary)")
        let names = try jsonObjects(sandbox.kith(["people", "list", "--json"], environment: env)).compactMap {
            $0["name"] as? String
        }
        #expect(names == ["Ana", "Dee"])
        #expect(
            try sandbox.kith(["import", "--formats"], environment: env).stdout.contains(
                "riverside   Riverside intake sheet (plugin intake)"))
    }

    @Test("batch runs a script on every store in parallel; one failing store fails the run but not the others")
    func batch() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for name in ["ana", "bo", "cy"] { try sandbox.succeed(["demo"], store: sandbox.path("clients/\(name).sqlite")) }
        try "not a store".write(toFile: sandbox.path("clients/x-broken.sqlite"), atomically: true, encoding: .utf8)
        try "print(kith.store_path:match('([^/]+)%.sqlite$'), #kith.people.list())".write(
            toFile: sandbox.path("count.lua"), atomically: true, encoding: .utf8)
        let result = try sandbox.kith([
            "batch", "--stores", sandbox.path("clients/*.sqlite"), "--jobs", "2", "--json", "count.lua",
        ])
        #expect(result.status == 1)
        let rows = try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]], "\(result.summary)")
        #expect(
            rows.map { ($0["store"] as? String ?? "").split(separator: "/").last.map(String.init) ?? "" } == [
                "ana.sqlite", "bo.sqlite", "cy.sqlite", "x-broken.sqlite",
            ])
        #expect(rows.map { $0["stdout"] as? String ?? "" } == ["ana\t8\n", "bo\t8\n", "cy\t8\n", ""])
        #expect(
            rows[3]["ok"] as? Bool == false && (rows[3]["stderr"] as? String)?.contains("is not a Kith store") == true)
        #expect(result.stderr.contains("4 stores: 3 succeeded, 1 failed."))
        let concatenated = try sandbox.kith([
            "batch", "--stores", sandbox.path("clients/[abc]*.sqlite"), "--stdout", "count.lua",
        ])
        #expect(concatenated.status == 0 && concatenated.stdout == "ana\t8\nbo\t8\ncy\t8\n", "\(concatenated.summary)")
    }

    @Test("the GNU parallel recipe of docs/import-and-batch.md, as written there: every store once, merged")
    func gnuParallelRecipe() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let names = (1...7).map { "client-\($0)" }
        for name in names { try sandbox.succeed(["init"], store: sandbox.path("clients/\(name).sqlite")) }
        try "print(kith.store_path:match('([^/]+)%.sqlite$'))".write(
            toFile: sandbox.path("weekly-check.lua"), atomically: true, encoding: .utf8)
        // The recipe is read from the docs, so the test runs what a clinic copies.
        let docs = try String(
            contentsOf: KithSandbox.packageRoot.appendingPathComponent("docs/import-and-batch.md"), encoding: .utf8)
        let after = try #require(docs.range(of: "GNU parallel, one shard per slot"))
        let block = try #require(docs[after.upperBound...].range(of: "```sh\n"))
        let end = try #require(docs[block.upperBound...].range(of: "```"))
        let recipe = docs[block.upperBound..<end.lowerBound].replacingOccurrences(
            of: "/srv/clients", with: sandbox.path("clients"))
        #expect(recipe.contains("parallel -j 4") && recipe.contains("kith batch merge"))
        var environment = sandbox.environment()
        environment["PATH"] =
            URL(fileURLWithPath: KithSandbox.binary).deletingLastPathComponent().path + ":"
            + (environment["PATH"] ?? "/usr/bin:/bin")
        let ran = try runProcess(
            "/bin/bash", ["-euo", "pipefail", "-c", recipe], environment: environment, currentDirectory: sandbox.root)
        #expect(ran.status == 0, "GNU parallel (scripts/setup.sh --test installs it): \(ran.summary)")
        let all = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("all.json")))
        let joined = try JSONSerialization.jsonObject(with: all) as? [[String: Any]] ?? []
        #expect(joined.compactMap { $0["store"] as? String } == names.map { sandbox.path("clients/\($0).sqlite") })
        #expect(joined.allSatisfy { $0["ok"] as? Bool == true })
    }

    @Test("shards split the stores with none missed or run twice, the same on every run; merge joins their results")
    func shards() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let names = (1...9).map { "client-\($0)" }
        for name in names { try sandbox.succeed(["init"], store: sandbox.path("clients/\(name).sqlite")) }
        try "print(kith.store_path:match('([^/]+)%.sqlite$'))".write(
            toFile: sandbox.path("name.lua"), atomically: true, encoding: .utf8)
        var files: [String] = []
        var ran: [String] = []
        for i in 1...4 {
            let arguments = ["batch", "--stores", "clients/*.sqlite", "--shard", "\(i)/4", "--json", "name.lua"]
            let result = try sandbox.succeed(arguments)
            let again = try sandbox.succeed(arguments)
            let rows = try jsonObjects(result)
            let stores = rows.compactMap { $0["store"] as? String }
            #expect(
                stores == (try jsonObjects(again)).compactMap { $0["store"] as? String },
                "shard \(i) differs between runs")
            ran += stores
            let file = sandbox.path("shard-\(i).json")
            try result.stdoutData.write(to: URL(fileURLWithPath: file))
            files.append(file)
        }
        #expect(ran.sorted() == names.map { "clients/\($0).sqlite" }, "\(ran)")
        let merged = try sandbox.succeed(["batch", "merge"] + files)
        let joined = try JSONSerialization.jsonObject(with: merged.stdoutData) as? [[String: Any]] ?? []
        #expect(joined.compactMap { $0["store"] as? String } == names.map { "clients/\($0).sqlite" }.sorted())
        #expect(merged.stderr.contains("9 stores from 4 shards: 9 succeeded, 0 failed."), "\(merged.summary)")
        let twice = try sandbox.kith(["batch", "merge", files[0], files[0]])
        #expect(
            twice.status == 1 && (ran.isEmpty || twice.stderr.contains("is in both")) && twice.stderrLines.count == 1,
            "\(twice.summary)")
        for bad in ["0/4", "5/4", "1/0", "two/4", "1/4/2"] {
            let refused = try sandbox.kith(["batch", "--stores", "clients/*.sqlite", "--shard", bad, "name.lua"])
            #expect(
                refused.status != 0 && refused.stderr.contains("I/N with I from 1 to N"), "\(bad): \(refused.summary)")
        }
        let notResults = sandbox.path("not.json")
        try "{}".write(toFile: notResults, atomically: true, encoding: .utf8)
        let wrong = try sandbox.kith(["batch", "merge", notResults])
        #expect(wrong.status == 1 && wrong.stderr.contains("is not the --json output"), "\(wrong.summary)")
    }

    @Test("report --stores writes one file per store, named by {name}")
    func reportForStores() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for name in ["ana", "bo"] { try sandbox.succeed(["demo"], store: sandbox.path("clients/\(name).sqlite")) }
        let result = try sandbox.kith([
            "report", "weekly", "--stores", sandbox.path("clients/*.sqlite"), "--format", "html", "-o",
            sandbox.path("out/{name}.html"),
        ])
        #expect(result.status == 0, "\(result.summary)")
        for name in ["ana", "bo"] {
            let html = try String(contentsOfFile: sandbox.path("out/\(name).html"), encoding: .utf8)
            #expect(html.contains("<h1>Weekly summary"))
        }
        let missing = try sandbox.kith([
            "report", "weekly", "--stores", sandbox.path("clients/*.sqlite"), "-o", "one.html",
        ])
        #expect(missing.status != 0 && missing.stderr.contains("{name}"))
    }
}
