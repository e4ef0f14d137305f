import Foundation
import Testing

/// Correcting what was written: edit, delete, undo and history, through the binary.
@Suite("edit, delete, undo and history")
struct UndoTests {
    private func texts(_ sandbox: KithSandbox) throws -> [String] {
        try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).compactMap { $0["text"] as? String }.sorted()
    }

    @Test("an entry edited then deleted comes back step by step with undo, tags, metrics and mentions included")
    func editDeleteUndo() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Ana", "--type", "family"])
        let added = try jsonObject(
            sandbox.succeed([
                "journal", "add", "first words", "--mood", "2", "--tag", "night", "--person", "Ana", "--json",
            ]))
        let id = try #require(added["id"] as? Int)
        let edited = try sandbox.succeed([
            "journal", "edit", "#\(id)", "--text", "better words", "--mood", "4", "--tag", "morning",
        ])
        #expect(edited.stdout.contains("Changed entry #\(id)"))
        let shown = try jsonObject(sandbox.succeed(["journal", "show", "\(id)", "--json"]))
        #expect(
            shown["text"] as? String == "better words" && shown["mood"] as? Int == 4
                && shown["tags"] as? [String] == ["morning"])
        #expect(
            try sandbox.succeed(["journal", "search", "better"]).stdout.contains("better words"),
            "search follows the edit")
        try sandbox.succeed(["journal", "delete", "\(id)"])
        #expect(try texts(sandbox).isEmpty)

        let undoDelete = try sandbox.succeed(["undo"])
        #expect(undoDelete.stdout.contains("deleted 1 journal entry"), "\(undoDelete.stdout)")
        let back = try jsonObject(sandbox.succeed(["journal", "show", "\(id)", "--json"]))
        #expect(
            back["text"] as? String == "better words" && back["tags"] as? [String] == ["morning"]
                && back["people"] as? [Int] != [],
            "the entry comes back whole: \(back)")
        #expect(
            try sandbox.succeed(["journal", "search", "better"]).stdout.contains("better words"),
            "and is found by search again")
        try sandbox.succeed(["undo"])
        let original = try jsonObject(sandbox.succeed(["journal", "show", "\(id)", "--json"]))
        #expect(
            original["text"] as? String == "first words" && original["mood"] as? Int == 2
                && original["tags"] as? [String] == ["night"])
        #expect(try sandbox.succeed(["journal", "search", "first"]).stdout.contains("first words"))
        let history = try jsonObjects(sandbox.succeed(["history", "--json"]))
        #expect(history.count == 4, "person, entry, edit, delete: \(history)")
        #expect(
            history.prefix(2).allSatisfy { $0["undone_at"] as? String != nil }
                && history.dropFirst(2).allSatisfy { $0["undone_at"] == nil })
    }

    @Test("undo reverses a whole import in one step, and says when there is nothing left")
    func undoImport() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let file = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures/jrnl/export.json").path
        try sandbox.succeed(["journal", "add", "mine before", "--mood", "3"])
        let imported = try jsonObject(sandbox.succeed(["import", "jrnl", file, "--json"]))
        let added = try #require(imported["entries_added"] as? Int)
        #expect(try texts(sandbox).count == added + 1)
        let undone = try sandbox.succeed(["undo"])
        #expect(undone.stdout.contains("added \(added) journal entries"), "\(undone.stdout)")
        #expect(try texts(sandbox) == ["mine before"])
        try sandbox.succeed(["undo"])
        #expect(try texts(sandbox).isEmpty)
        #expect(try sandbox.succeed(["undo"]).stdout == "Nothing to undo.\n")
    }

    @Test(
        "deleting a person with interactions says so and is refused; with --with-interactions it goes, and undo restores it all"
    )
    func deletePerson() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Bo", "--type", "friend", "--phone", "+1 555 0111"])
        try sandbox.succeed(["log", "Bo", "--channel", "call"])
        try sandbox.succeed(["log", "Bo", "--channel", "text"])
        try sandbox.succeed(["journal", "add", "saw Bo", "--person", "Bo"])
        try sandbox.succeed(["plan", "add", "help", "--person", "Bo"])
        let refused = try sandbox.kith(["people", "delete", "Bo"])
        #expect(
            refused.status == 1
                && refused.stderrLines == [
                    "error: Bo has 2 interactions logged. Delete them too with --with-interactions, or keep everything with 'kith people archive'."
                ],
            "\(refused.summary)")
        let deleted = try sandbox.succeed(["people", "delete", "Bo", "--with-interactions"])
        #expect(
            deleted.stdout.hasPrefix("Deleted Bo, with 2 interactions, their mention in 1 journal entry"),
            "\(deleted.stdout)")
        #expect(try jsonObjects(sandbox.succeed(["people", "list", "--json"])).isEmpty)
        #expect(try texts(sandbox) == ["saw Bo"], "the entry stays")
        #expect(try sandbox.succeed(["plan"]).stdout.contains("Bo"), "the plan item keeps the name it had")
        try sandbox.succeed(["undo"])
        let bo = try jsonObjects(sandbox.succeed(["people", "list", "--json"]))
        #expect(bo.count == 1 && bo.first?["phone"] as? String == "+1 555 0111")
        #expect(try jsonObjects(sandbox.succeed(["interactions", "list", "--json"])).count == 2)
        let entry = try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).first
        #expect((entry?["people"] as? [Any])?.count == 1, "the mention is back: \(String(describing: entry))")
    }

    @Test("an id is accepted with or without #, and a missing one is named", arguments: ["12", "#12"])
    func ids(id: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.kith(["journal", "delete", id])
        #expect(
            result.status == 1
                && result.stderrLines == [
                    "error: field 'id' names no journal entry: there is no entry #12. Run 'kith journal list' to see entries."
                ],
            "\(result.summary)")
        let bad = try sandbox.kith(["journal", "delete", "twelve"])
        #expect(bad.status == 1 && bad.stderr.contains("must be a number like 12 or #12"), "\(bad.summary)")
    }

    @Test("undo of an overwritten stored value brings the old value back, not nothing")
    func overwrittenValue() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        // One script file (its stored data is keyed by its name), rewritten between runs.
        func run(_ code: String) throws -> String {
            try code.write(toFile: sandbox.path("cutoff.lua"), atomically: true, encoding: .utf8)
            return try sandbox.succeed(["run", "cutoff.lua"]).stdout
        }
        _ = try run("kith.store.set('cutoff', 6)")
        _ = try run("kith.store.set('cutoff', 8)")
        #expect(try run("print(kith.store.get('cutoff'))") == "8\n")
        try sandbox.succeed(["undo"])
        #expect(try run("print(kith.store.get('cutoff'))") == "6\n", "the overwritten value comes back")
        try sandbox.succeed(["undo"])
        #expect(try run("print(kith.store.get('cutoff'))") == "nil\n")
    }

    @Test("history --clear leaves no trace of a deleted entry's words in the store file")
    func clearLeavesNoTrace() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let secret = "a very private sentence qzx7f3a"
        try sandbox.succeed(["journal", "add", secret])
        try sandbox.succeed(["journal", "add", "something else"])
        try sandbox.succeed(["journal", "delete", "1"])
        func fileHolds() throws -> Bool {
            try [sandbox.storePath, sandbox.storePath + "-wal"].contains { path in
                // The sentence, or the one word of it the full-text index keeps on its own.
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                return bytes.range(of: Data(secret.utf8)) != nil || bytes.range(of: Data("qzx7f3a".utf8)) != nil
            }
        }
        #expect(try fileHolds(), "before clearing, the change log keeps it for undo")
        let cleared = try sandbox.succeed(["history", "--clear"])
        #expect(cleared.stdout.hasPrefix("Forgot 3 changes"), "\(cleared.stdout)")
        #expect(try !fileHolds(), "the words are gone from the store file and its log")
        #expect(try sandbox.succeed(["undo"]).stdout == "Nothing to undo.\n")
        #expect(try texts(sandbox) == ["something else"])
    }

    @Test("one undo reverses a write and what a plugin's handler did because of it")
    func undoWithFollowUps() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("plugins/tagger")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "id = \"tagger\"\nname = \"T\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.read\", \"journal.write\"]\n"
            .write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.on("journal.added", function(e)
          kith.journal.update(e.id, { tags = { "seen" } })
          kith.store.set("count", (kith.store.get("count") or 0) + 1)
        end)
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        #expect(try sandbox.kith(["journal", "add", "first"], environment: env).status == 0)
        #expect(try sandbox.kith(["journal", "add", "worked step 4"], environment: env).status == 0)
        let tagged = try jsonObjects(sandbox.kith(["journal", "list", "--json"], environment: env))
        #expect(
            tagged.count == 2 && tagged.allSatisfy { $0["tags"] as? [String] == ["seen"] }, "the handler ran: \(tagged)"
        )
        let history = try jsonObjects(sandbox.kith(["history", "--json"], environment: env))
        #expect(
            history.first?["cause"] as? Int == history.dropFirst().first?["id"] as? Int,
            "the handler's change follows the entry's: \(history)")
        #expect(try sandbox.kith(["undo"], environment: env).status == 0)
        let left = try jsonObjects(sandbox.kith(["journal", "list", "--json"], environment: env))
        #expect(left.compactMap { $0["text"] as? String } == ["first"], "the entry is gone, not just its tag: \(left)")
    }

    @Test(
        "a change log edited by hand (a foreign table, text where counts and marks belong) gives one error line, never a crash"
    )
    func tamperedLog() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "mine", "--mood", "3"])
        let sqlite3 = try #require(systemTool("sqlite3"))
        let environment = ProcessInfo.processInfo.environment
        _ = try runProcess(
            sqlite3,
            [
                sandbox.storePath,
                """
                UPDATE change_log SET added = '{"journal_entry":"lots"}', marks = '{"journal_entry":"x"}';
                INSERT INTO change_row (change_id, tbl, op, key, old) SELECT max(id), 'sqlite_master', 'insert', '{"id":1}', NULL FROM change_log;
                """,
            ], environment: environment)
        let history = try sandbox.kith(["history", "--json"])
        #expect(history.status == 0, "\(history.summary)")
        let undo = try sandbox.kith(["undo"])
        #expect(
            undo.status == 1 && undo.stderrLines.count == 1 && undo.stderr.contains("cannot use"), "\(undo.summary)")
        #expect(try texts(sandbox) == ["mine"], "nothing was undone")
    }
}
