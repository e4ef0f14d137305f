import Foundation
import Testing

/// A large import with plugin handlers, through the binary: the handlers for all its entries
/// commit together, each call in a savepoint of its own; the full-text index is built in one
/// statement; one `kith undo` takes back the import and what the handlers did because of it.
@Suite("a large import with plugin handlers")
struct ImportHandlerTests {
    /// A jrnl export of `count` entries; every 7th says "boom".
    func jrnlExport(_ count: Int) -> String {
        let entries = (0..<count).map { i in
            let day = String(format: "2025-%02d-%02d", 1 + i / 28 % 12, 1 + i % 28)
            let time = String(format: "%02d:%02d", i / 60 % 24, i % 60)
            let title = "Entry \(i): a quiet day\(i % 7 == 0 ? ", boom" : "")\(i % 100 == 0 ? ", needle" : "")."
            return
                "{\"title\": \"\(title)\", \"body\": \"\", \"date\": \"\(day)\", \"time\": \"\(time)\", \"tags\": [\"@walk\"]}"
        }
        return "{\"tags\": {}, \"entries\": [" + entries.joined(separator: ", ") + "]}"
    }

    @Test("a handler's writes are its own: a failing call keeps none, the others keep theirs; one undo takes all back")
    func handlersOfAnImport() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let dir = sandbox.path("plugins/tagger")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try
            "id = \"tagger\"\nname = \"Tagger\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.read\", \"journal.write\"]\n"
            .write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
        // Tags every entry "seen"; fails after writing on "boom".
        try """
        kith.on("journal.added", function(entry)
          local tags = entry.tags
          tags[#tags + 1] = "seen"
          kith.journal.update(entry.id, { tags = tags })
          if entry.text:find("boom") then error("boom in " .. entry.id) end
        end)
        """.write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
        let count = 1500  // above the size at which the index is built in one statement
        try jrnlExport(count).write(toFile: sandbox.path("export.json"), atomically: true, encoding: .utf8)
        let environment = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        let imported = try sandbox.kith(["import", "jrnl", "export.json"], environment: environment)
        #expect(imported.status == 0, "\(imported.summary)")
        let booms = (0..<count).filter { $0 % 7 == 0 }.count
        #expect(imported.stderr.contains("boom in"), "the failures are told")
        #expect(imported.stderr.contains("and \(booms - 5) more plugin handler failures"), "\(imported.stderr)")

        let seen = try sandbox.kith(["journal", "list", "--tag", "seen", "--json"], environment: environment)
        let tagged = try JSONSerialization.jsonObject(with: seen.stdoutData) as? [[String: Any]] ?? []
        #expect(tagged.count == count - booms, "every call that did not fail kept its tag")
        #expect(tagged.allSatisfy { !(($0["text"] as? String) ?? "").contains("boom") }, "a failed call kept none")
        let search = try sandbox.kith(["journal", "search", "needle", "--short"], environment: environment)
        let lines = search.stdout.split(separator: "\n")
        #expect(lines.count == count / 100, "the index built in one statement finds them: \(search.summary)")
        #expect(lines.allSatisfy { $0.hasPrefix("#") && $0.contains("needle") }, "one line per entry with --short")

        let history = try sandbox.kith(["history", "--json"], environment: environment)
        let changes = try JSONSerialization.jsonObject(with: history.stdoutData) as? [[String: Any]] ?? []
        #expect(changes.count == 2, "the import, and its handlers' writes as one follow-up: \(history.stdout)")
        #expect(try sandbox.kith(["undo"], environment: environment).status == 0)
        let after = try sandbox.kith(["journal", "list", "--json"], environment: environment)
        #expect((try JSONSerialization.jsonObject(with: after.stdoutData) as? [Any])?.count == 0, "\(after.summary)")
    }

    @Test("a store whose index trigger carries more SQL: the import indexes row by row and never runs that SQL")
    func tamperedTrigger() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let sqlite = try runProcess(
            "/usr/bin/env",
            [
                "sqlite3", sandbox.storePath,
                "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql = sql || '; CREATE TABLE pwned(x)' WHERE name = 'journal_fts_insert';",
            ], environment: ProcessInfo.processInfo.environment)
        #expect(sqlite.status == 0, "sqlite3 (scripts/setup.sh installs it): \(sqlite.summary)")
        try jrnlExport(1500).write(toFile: sandbox.path("export.json"), atomically: true, encoding: .utf8)
        let imported = try sandbox.kith(["import", "jrnl", "export.json"])
        #expect(imported.status == 0, "\(imported.summary)")
        let tables = try runProcess(
            "/usr/bin/env", ["sqlite3", sandbox.storePath, ".tables"], environment: ProcessInfo.processInfo.environment)
        #expect(!tables.stdout.contains("pwned"), "the store's own copy of the trigger never runs as a script")
        let search = try sandbox.kith(["journal", "search", "needle", "--short"])
        #expect(search.stdout.split(separator: "\n").count == 15, "\(search.summary)")
    }
}
