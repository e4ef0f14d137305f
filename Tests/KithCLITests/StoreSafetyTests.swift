import Foundation
import Testing

/// Never lose the store: only `kith init` makes one, the `.sqlite` file is whole after every
/// command, and `kith restore` puts a backup back only when it is sound, keeping the old store.
@Suite("never lose the store: init, the file on its own, restore")
struct StoreSafetyTests {
    @Test(
        "a mistyped store path is never created: every command but init says there is no store, and exits non-zero",
        arguments: [
            ["people", "list"], ["journal", "add", "hello"], ["report", "weekly"], ["remind"], ["export"], ["plan"],
        ])
    func noSilentCreation(command: [String]) throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        let typo = sandbox.path("dtaa/kith.sqlite")
        let result = try sandbox.kith(command, store: typo)
        #expect(result.status == 1, "\(result.summary)")
        #expect(
            result.stderrLines == [
                "error: There is no store at \(typo). Create one with 'kith init' (or 'kith demo' for one with sample data), "
                    + "or give --store with the path of an existing one."
            ], "\(result.summary)")
        #expect(
            !FileManager.default.fileExists(atPath: typo)
                && !FileManager.default.fileExists(atPath: sandbox.path("dtaa")),
            "neither the store nor its folder may appear")
    }

    @Test("plugins list works before any store exists, and creates none")
    func pluginsListWithoutStore() throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        let result = try sandbox.kith(["plugins", "list"])
        #expect(result.status == 0, "\(result.summary)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath))
    }

    @Test("after every command the .sqlite file alone holds every change: a copy of it without its -wal loses nothing")
    func fileCompleteOnItsOwn() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for i in 1...30 { try sandbox.succeed(["journal", "add", "entry \(i)", "--mood", "3"]) }
        // The file alone, copied where no side file can follow it.
        let lone = sandbox.path("lone/kith.sqlite")
        try FileManager.default.createDirectory(atPath: sandbox.path("lone"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: sandbox.storePath, toPath: lone)
        let sqlite3 = try #require(systemTool("sqlite3"), "sqlite3 is needed (scripts/setup.sh installs it)")
        let count = try runProcess(
            sqlite3, [lone, "SELECT count(*) FROM journal_entry"], environment: ProcessInfo.processInfo.environment)
        #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "30", "\(count.summary)")
    }

    @Test("restore puts a backup back, keeps the replaced store beside it, and a stale -wal brings nothing back")
    func restoreBackup() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "before the backup", "--mood", "3"])
        try sandbox.succeed(["backup", sandbox.path("monday.sqlite")])
        try sandbox.succeed(["journal", "add", "after the backup", "--mood", "2"])
        // A -wal left over from some other moment must not leak into the restored store.
        try Data("stale bytes".utf8).write(to: URL(fileURLWithPath: sandbox.storePath + "-wal"))
        let restored = try sandbox.kith(["restore", sandbox.path("monday.sqlite"), "--json"])
        #expect(restored.status == 0, "\(restored.summary)")
        let previous = try #require(try jsonObject(restored)["previous"] as? String)
        #expect(previous.hasPrefix(sandbox.path("data/kith-before-restore-")))
        let texts = try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).compactMap { $0["text"] as? String }
        #expect(texts == ["before the backup"], "\(texts)")
        let kept = try jsonObjects(sandbox.succeed(["journal", "list", "--json"], store: previous)).compactMap {
            $0["text"] as? String
        }
        #expect(Set(kept) == ["before the backup", "after the backup"], "the replaced store is kept whole: \(kept)")
        #expect(try posixPermissions(previous) == 0o600)
    }

    @Test(
        "restore refuses a damaged file, a file that is not a Kith store, and another person's store, changing nothing")
    func restoreRefusals() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "mine", "--mood", "3"])
        let before = try sandbox.export()
        try sandbox.succeed(["backup", sandbox.path("good.sqlite")])
        // Damaged: the backup with a page overwritten in the middle.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.path("good.sqlite")))
        let page = 4096 * 2
        bytes.replaceSubrange(
            page..<min(bytes.count, page + 4096), with: Data(repeating: 0xAB, count: min(4096, bytes.count - page)))
        try bytes.write(to: URL(fileURLWithPath: sandbox.path("damaged.sqlite")))
        try "just some notes".write(toFile: sandbox.path("notes.txt"), atomically: true, encoding: .utf8)
        let sqlite3 = try #require(systemTool("sqlite3"))
        _ = try runProcess(
            sqlite3, [sandbox.path("other-app.sqlite"), "CREATE TABLE t (x); INSERT INTO t VALUES (1);"],
            environment: ProcessInfo.processInfo.environment)
        let stranger = sandbox.path("stranger.sqlite")
        try sandbox.succeed(["init"], store: stranger)
        try sandbox.succeed(["backup", sandbox.path("stranger-backup.sqlite")], store: stranger)
        for (file, message) in [
            ("damaged.sqlite", "damaged"), ("notes.txt", "not a Kith store"),
            ("other-app.sqlite", "not a Kith store"), ("stranger-backup.sqlite", "a backup of another store"),
            ("missing.sqlite", "Cannot read"),
        ] {
            let result = try sandbox.kith(["restore", sandbox.path(file)])
            #expect(
                result.status == 1 && result.stderrLines.count == 1 && result.stderr.contains(message),
                "\(file): \(result.summary)")
            #expect(try sandbox.export() == before, "\(file) changed the store")
        }
        let forced = try sandbox.kith(["restore", sandbox.path("stranger-backup.sqlite"), "--replace-other-store"])
        #expect(forced.status == 0, "\(forced.summary)")
    }

    @Test("restore replaces a store too damaged to open, moving it aside with its side files")
    func restoreOverDamagedStore() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "kept safe", "--mood", "4"])
        try sandbox.succeed(["backup", sandbox.path("safe.sqlite")])
        try Data(repeating: 0x00, count: 8192).write(to: URL(fileURLWithPath: sandbox.storePath))
        try Data("not a log".utf8).write(to: URL(fileURLWithPath: sandbox.storePath + "-wal"))
        #expect(try sandbox.kith(["journal", "list"]).status == 1, "the store is unusable")
        let restored = try sandbox.kith(["restore", sandbox.path("safe.sqlite")])
        #expect(restored.status == 0 && restored.stdout.contains("kith-damaged-"), "\(restored.summary)")
        let texts = try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).compactMap { $0["text"] as? String }
        #expect(texts == ["kept safe"])
    }
}
