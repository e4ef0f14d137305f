import Foundation
import Testing

/// The string idioms the docs teach, at the sizes real files have: the pattern guard that
/// stops runaway matching must never refuse ordinary code on a few megabytes of text.
@Suite("documented string idioms on files of realistic size")
struct TextIdiomTests {
    @Test("a script splits a 3 MB CSV into lines and fields with gmatch, match, find and gsub")
    func csvOfMegabytes() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let rows = 60_000
        var csv = "date,mood,note\n"
        for i in 0..<rows {
            csv +=
                "2026-03-\(String(format: "%02d", i % 28 + 1)),\(i % 5 + 1),a note of some length for row number \(i)\n"
        }
        try FileManager.default.createDirectory(atPath: sandbox.path("work"), withIntermediateDirectories: true)
        try csv.write(toFile: sandbox.path("work/moods.csv"), atomically: true, encoding: .utf8)
        #expect(csv.utf8.count > 3_000_000)
        try """
        local text = kith.files.read("work/moods.csv")
        local lines, fields, total, found = 0, 0, 0, 0
        for line in text:gmatch("[^\\n]+") do
          lines = lines + 1
          for _ in line:gmatch("[^,]+") do fields = fields + 1 end
          local mood = line:match("^[^,]+,(%d),")
          if mood then total = total + tonumber(mood) end
          if line:find("row number 5", 1, true) then found = found + 1 end
        end
        local squeezed, spaces = text:gsub("%s+", " ")
        print(lines, fields, total, found, spaces)
        """.write(toFile: sandbox.path("split.lua"), atomically: true, encoding: .utf8)
        let result = try sandbox.kith(["run", "--allow-path", sandbox.path("work"), "split.lua"])
        #expect(result.status == 0, "\(result.summary)")
        let expectedTotal = (0..<rows).reduce(0) { $0 + $1 % 5 + 1 }
        let expectedFound = (0..<rows).filter { String($0).hasPrefix("5") }.count
        // Every row's note has 8 spaces ("a note of some length for row number N"), and a newline
        // ends it; the header has its newline.
        let expectedSpaces = rows * 9 + 1
        #expect(
            result.stdout == "\(rows + 1)\t\(3 * (rows + 1))\t\(expectedTotal)\t\(expectedFound)\t\(expectedSpaces)\n",
            "\(result.summary)")
    }

    @Test("the plugin importer from the docs reads a file of 3,000 lines (165 KB)")
    func documentedImporter() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let folder = sandbox.path("plugins/riverside")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "id = \"riverside\"\nname = \"Riverside\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"people.write\", \"people.read\"]\n"
            .write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        // Word for word the example in docs/plugins.md and docs/import-and-batch.md.
        try """
        kith.importers.define{ id = "riverside", description = "Riverside intake spreadsheet",
          import = function(text, ctx)          -- text: the whole file; ctx.file: its name
            local n = 0
            for line in text:gmatch("[^\\n]+") do
              local name, type = line:match("^([^;]+);([^;]+)$")
              if not name then error(ctx.file .. ": cannot read '" .. line .. "'") end
              kith.people.add{ name = name, type = type }   -- needs people.write
              n = n + 1
            end
            return { people = n }               -- counts for the summary line
          end }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let lines = (0..<3_000).map { "Person number \($0) of the Riverside intake list;friend" }
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: sandbox.path("intake.txt"), atomically: true, encoding: .utf8)
        let result = try sandbox.kith([
            "import", "riverside", "intake.txt", "--json", "--plugins", sandbox.path("plugins"),
        ])
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout.contains("\"people\" : 3000"), "\(result.summary)")
        #expect(try jsonObjects(sandbox.succeed(["people", "list", "--json"])).count == 3_000)
    }
}

/// Counts and internal names as a person reads them.
@Suite("plurals and words in output")
struct PluralWordingTests {
    @Test("one of a thing is singular, and internal names read as words")
    func singular() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed([
            "people", "add", "Ana", "--type", "family", "--cadence", "1", "--now", "2026-03-03T09:00:00Z",
        ])
        let due = try sandbox.kith(["remind"])
        #expect(due.stdout.contains("It's been 1 day since you added Ana"), "\(due.summary)")
        let logged = try sandbox.kith(["log", "Ana", "--channel", "in_person"])
        #expect(logged.stdout.contains("Logged in person with Ana"), "\(logged.summary)")
        #expect(!(try sandbox.kith(["interactions", "list"]).stdout.contains("in_person")))
        #expect(try sandbox.kith(["people", "show", "Ana"]).stdout.contains("every day"))
        try sandbox.succeed(["export", "-o", "one.json"])
        #expect(try sandbox.kith(["init"], store: sandbox.path("copy.sqlite")).status == 0)
        let imported = try sandbox.kith(["import", "one.json"], store: sandbox.path("copy.sqlite"))
        #expect(
            imported.stdout.contains("Imported 1 person, 1 interaction and 0 journal entries"), "\(imported.summary)")
    }
}
