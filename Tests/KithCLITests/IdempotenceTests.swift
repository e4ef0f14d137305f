import Foundation
import Testing

/// Importing the same thing twice adds nothing the second time, whichever duplicate check
/// runs, and state a person set (reminders done or snoozed) survives an export and import.
@Suite("imports twice, duplicates, and reminder state through export")
struct IdempotenceTests {
    static let fixtures = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures")

    private func counts(_ result: ProcessResult) throws -> [String: Int] {
        try jsonObject(result).compactMapValues { $0 as? Int }
    }

    @Test("a jrnl export imported twice: everything added, then everything skipped")
    func jrnlTwice() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let file = Self.fixtures.appendingPathComponent("jrnl/export.json").path
        let first = try counts(sandbox.succeed(["import", "jrnl", file, "--json"]))
        let added = try #require(first["entries_added"])
        #expect(added > 0 && first["entries_skipped"] == 0, "\(first)")
        let second = try counts(sandbox.succeed(["import", "jrnl", file, "--json"]))
        #expect(second["entries_added"] == 0 && second["entries_skipped"] == added, "\(second)")
        #expect(try jsonObjects(sandbox.succeed(["journal", "list", "--json", "--limit", "10000"])).count == added)
    }

    @Test("a row repeated in one file is skipped into an empty journal and into one that has entries")
    func repeatedRowBothPaths() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let csv = """
            full_date,date,weekday,time,mood,activities,note_title,note
            2021-05-12,12 May,Wednesday,18:52,good,"work","","twice"
            2021-05-12,12 May,Wednesday,18:52,good,"work","","twice"
            2021-05-13,13 May,Thursday,09:00,good,"","","once"

            """
        try csv.write(toFile: sandbox.path("moods.csv"), atomically: true, encoding: .utf8)
        // Into an empty journal the importer's own set finds the repeat.
        let empty = try counts(sandbox.succeed(["import", "daylio", "moods.csv", "--json"]))
        #expect(empty["entries_added"] == 2 && empty["entries_skipped"] == 1, "\(empty)")
        // Into a journal with other entries each row is looked up in the store.
        let other = sandbox.path("other.sqlite")
        try sandbox.succeed(["init"], store: other)
        try sandbox.succeed(["journal", "add", "already here", "--mood", "3"], store: other)
        let busy = try counts(sandbox.succeed(["import", "daylio", "moods.csv", "--json"], store: other))
        #expect(busy["entries_added"] == 2 && busy["entries_skipped"] == 1, "\(busy)")
        let again = try counts(sandbox.succeed(["import", "daylio", "moods.csv", "--json"], store: other))
        #expect(again["entries_added"] == 0 && again["entries_skipped"] == 3, "\(again)")
    }

    @Test("a plugin importer run twice: the second run is refused whole or adds nothing, never half")
    func pluginImporterTwice() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let folder = sandbox.path("plugins/riverside")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "id = \"riverside\"\nname = \"Riverside\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"people.write\", \"people.read\"]\n"
            .write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        // An importer that checks for people already there, as docs/plugins.md advises.
        try """
        kith.importers.define{ id = "riverside", description = "Riverside intake", import = function(text, ctx)
          local added, skipped = 0, 0
          for line in text:gmatch("[^\\n]+") do
            local name, type = line:match("^([^;]+);([^;]+)$")
            if kith.people.get(name) then skipped = skipped + 1
            else kith.people.add{ name = name, type = type }; added = added + 1 end
          end
          return { added = added, skipped = skipped }
        end }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        try "Ana;friend\nBo;family\n".write(toFile: sandbox.path("intake.txt"), atomically: true, encoding: .utf8)
        let plugins = ["--plugins", sandbox.path("plugins")]
        let first = try sandbox.succeed(["import", "riverside", "intake.txt"] + plugins)
        #expect(first.stdout.contains("2 added") && first.stdout.contains("0 skipped"), "\(first.summary)")
        let second = try sandbox.succeed(["import", "riverside", "intake.txt"] + plugins)
        #expect(second.stdout.contains("0 added") && second.stdout.contains("2 skipped"), "\(second.summary)")
        #expect(try jsonObjects(sandbox.succeed(["people", "list", "--json"])).count == 2)
    }

    @Test("reminders marked done or snoozed stay so after an export and an import into a new store")
    func reminderStateThroughExport() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let added = ["KITH_NOW": "2026-03-01T10:00:00Z", "TZ": "UTC"]
        try sandbox.succeed(["init"])
        #expect(try sandbox.kith(["people", "add", "Ana", "--type", "friend"], environment: added).status == 0)
        #expect(try sandbox.kith(["people", "add", "Bo", "--type", "friend"], environment: added).status == 0)
        let later = ["KITH_NOW": "2026-03-20T10:00:00Z", "TZ": "UTC"]
        let due = try jsonObjects(sandbox.kith(["remind", "--json"], environment: later))
        try #require(due.count == 2, "\(due)")
        let (first, second) = (due[0], due[1])
        #expect(
            try sandbox.kith(
                ["remind", "done", first["source"] as! String, first["key"] as! String], environment: later
            ).status == 0)
        #expect(
            try sandbox.kith(
                ["remind", "snooze", second["source"] as! String, second["key"] as! String, "--until", "2026-03-25"],
                environment: later
            ).status == 0)
        #expect(try jsonObjects(sandbox.kith(["remind", "--json"], environment: later)).isEmpty)
        try sandbox.succeed(["export", "-o", "all.json"])
        let copy = sandbox.path("copy.sqlite")
        try sandbox.succeed(["init"], store: copy)
        try sandbox.succeed(["import", "all.json"], store: copy)
        #expect(
            try jsonObjects(sandbox.kith(["remind", "--json", "--store", copy], environment: later)).isEmpty,
            "done and snoozed came back")
        // After the snooze ends, only the snoozed one returns; the done one never does.
        let afterSnooze = try jsonObjects(
            sandbox.kith(
                ["remind", "--json", "--store", copy], environment: ["KITH_NOW": "2026-03-26T10:00:00Z", "TZ": "UTC"]))
        #expect(afterSnooze.map { $0["key"] as? String } == [second["key"] as? String], "\(afterSnooze)")
    }
}
