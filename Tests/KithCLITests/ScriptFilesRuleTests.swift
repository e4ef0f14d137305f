import Foundation
import Testing

/// `kith.files` as a hostile script tries it: the rules of the Lua API's 4.10, through the binary.
@Suite("kith.files: only the files a script was given")
struct ScriptFilesRuleTests {
    /// Runs `kith run script.lua` from `folder` (HOME is the sandbox root), with extra arguments.
    func run(_ sandbox: KithSandbox, from folder: String, _ lua: String, _ extra: [String] = []) throws -> ProcessResult
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let script = sandbox.path("scripts/probe.lua")
        try FileManager.default.createDirectory(atPath: sandbox.path("scripts"), withIntermediateDirectories: true)
        try lua.write(toFile: script, atomically: true, encoding: .utf8)
        return try runProcess(
            KithSandbox.binary, ["run"] + extra + [script], environment: sandbox.environment(),
            currentDirectory: URL(fileURLWithPath: folder))
    }

    /// Each path tried with write then read, one line each: "ok" or the error.
    func probe(_ paths: [String]) -> String {
        paths.map { p in
            """
            do local ok, e = pcall(kith.files.write, "\(p)", "owned"); print("write \(p): " .. (ok and "ok" or e)) end
            do local ok, e = pcall(kith.files.read, "\(p)"); print("read \(p): " .. (ok and "ok" or e)) end
            """
        }.joined(separator: "\n")
    }

    @Test("from the home folder a script gets no files unless --allow-path names a folder, and never dot-files")
    func homeFolder() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try "export PATH=/usr/bin\n".write(toFile: sandbox.path(".bashrc"), atomically: true, encoding: .utf8)
        let result = try run(sandbox, from: sandbox.root.path, probe(["notes.txt", ".bashrc"]))
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout.contains("write notes.txt: "), "\(result.stdout)")
        #expect(
            result.stdout.contains(
                "scripts run from the home folder or / may use only folders named with --allow-path"),
            "\(result.stdout)")
        #expect(
            !result.stdout.contains("write notes.txt: ok") && !result.stdout.contains(".bashrc: ok"), "\(result.stdout)"
        )
        #expect(try String(contentsOfFile: sandbox.path(".bashrc"), encoding: .utf8) == "export PATH=/usr/bin\n")
        let allowed = try run(
            sandbox, from: sandbox.root.path, probe(["work/notes.txt", "work/.env"]),
            ["--allow-path", sandbox.path("work")])
        try FileManager.default.createDirectory(atPath: sandbox.path("work"), withIntermediateDirectories: true)
        let again = try run(
            sandbox, from: sandbox.root.path, probe(["work/notes.txt", "work/.env"]),
            ["--allow-path", sandbox.path("work")])
        #expect(again.stdout.contains("write work/notes.txt: ok"), "\(again.stdout) \(allowed.stdout)")
        #expect(again.stdout.contains("write work/.env: [probe.lua] ") == false)
        #expect(again.stdout.contains("scripts never reach dot-files or dot-folders"), "\(again.stdout)")
    }

    @Test(
        "the store, its side files, backups, plugin folders and dot-folders are never reachable, even under the working directory"
    )
    func protectedFiles() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let work = sandbox.path("work")
        let store = work + "/kith.sqlite"
        try FileManager.default.createDirectory(atPath: work + "/plugins/mine", withIntermediateDirectories: true)
        try "id = \"mine\"\nname = \"Mine\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = []\n"
            .write(toFile: work + "/plugins/mine/plugin.toml", atomically: true, encoding: .utf8)
        try "".write(toFile: work + "/plugins/mine/init.lua", atomically: true, encoding: .utf8)
        #expect(try sandbox.kith(["init"], store: store).status == 0)
        #expect(try sandbox.kith(["journal", "add", "kept safe"], store: store).status == 0)
        #expect(try sandbox.kith(["backup", work + "/copy.sqlite"], store: store).status == 0)
        let before = try sandbox.export(store: store)
        var env = sandbox.environment(store: store)
        env["KITH_PLUGIN_PATH"] = work + "/plugins"
        let script = sandbox.path("probe.lua")
        try probe([
            "kith.sqlite", "kith.sqlite-wal", "copy.sqlite", "plugins/mine/plugin.toml", ".git/config", "ok.txt",
        ])
        .write(toFile: script, atomically: true, encoding: .utf8)
        let result = try runProcess(
            KithSandbox.binary, ["run", script], environment: env, currentDirectory: URL(fileURLWithPath: work))
        #expect(result.status == 0, "\(result.summary)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for name in ["kith.sqlite", "kith.sqlite-wal", "copy.sqlite", "plugins/mine/plugin.toml", ".git/config"] {
            #expect(
                !lines.contains("write \(name): ok") && !lines.contains("read \(name): ok"), "\(name): \(result.stdout)"
            )
        }
        #expect(lines.contains("write ok.txt: ok"), "\(result.stdout)")
        #expect(result.stdout.contains("it is the store or one of its side files"))
        #expect(result.stdout.contains("it is a Kith store or backup (SQLite, or encrypted)"))
        #expect(result.stdout.contains("it is inside a plugin folder"))
        #expect(
            try String(contentsOfFile: work + "/plugins/mine/plugin.toml", encoding: .utf8).contains("permissions = []")
        )
        #expect(try sandbox.export(store: store) == before)
        #expect(try integrityCheck(store) == "ok")
    }

    @Test("kith run --dry-run writes no file and says what it would have written")
    func dryRunWritesNothing() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let work = sandbox.path("work")
        let result = try run(sandbox, from: work, "kith.files.write('out.txt', 'hello')", ["--dry-run"])
        #expect(result.status == 0, "\(result.summary)")
        #expect(!FileManager.default.fileExists(atPath: work + "/out.txt"))
        #expect(result.stderr.contains("dry run: would write 5 bytes to out.txt"), "\(result.summary)")
    }

    @Test(
        "kith.files.write replaces a file atomically: a new file renamed over the old, never the old one rewritten in place"
    )
    func atomicWrite() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let work = sandbox.path("work")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try "old contents".write(toFile: work + "/out.txt", atomically: false, encoding: .utf8)
        // A reader holding the old file open keeps reading the old contents: the write made a new file.
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: work + "/out.txt"))
        defer { try? reader.close() }
        let before = try FileManager.default.attributesOfItem(atPath: work + "/out.txt")[.systemFileNumber] as? Int
        let result = try run(sandbox, from: work, "kith.files.write('out.txt', 'new contents')")
        #expect(result.status == 0, "\(result.summary)")
        #expect(try String(contentsOfFile: work + "/out.txt", encoding: .utf8) == "new contents")
        let after = try FileManager.default.attributesOfItem(atPath: work + "/out.txt")[.systemFileNumber] as? Int
        #expect(before != nil && before != after, "the file was rewritten in place")
        #expect(String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self) == "old contents")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work).filter { $0 != "out.txt" }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
    }
}
