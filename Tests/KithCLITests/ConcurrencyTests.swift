import Foundation
import Testing

/// Several kith processes writing and reading one store at once: nothing lost, and no
/// "database is locked" reaching a person.
@Suite("Concurrency: several processes on one store")
struct ConcurrencyTests {
    @Test("four writers and a reader at once lose nothing")
    func writersAndReader() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let kith = KithSandbox.binary
        let script = """
            set -u
            for w in 1 2 3 4; do
              ( for i in $(seq 1 15); do "\(kith)" journal add "writer $w entry $i" --mood 3 >/dev/null 2>>"$ERR" || echo "fail $w $i" >>"$ERR"; done ) &
            done
            ( for i in $(seq 1 20); do "\(kith)" journal list --limit 5 >/dev/null 2>>"$ERR" || echo "read fail $i" >>"$ERR"; done ) &
            wait
            """
        let errors = sandbox.path("errors.txt")
        let run = try runProcess(
            "/bin/bash", ["-c", script], environment: sandbox.environment(overrides: ["ERR": errors]))
        #expect(run.status == 0, "\(run.summary)")
        let problems = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(problems.isEmpty, "errors reached a person: \(problems)")
        let texts = Set(
            try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).compactMap { $0["text"] as? String })
        #expect(texts.count == 60)
        for w in 1...4 { for i in 1...15 { #expect(texts.contains("writer \(w) entry \(i)")) } }
    }

    @Test(
        "a backup taken while another process writes opens, passes integrity, and holds every entry committed before it began"
    )
    func backupWhileWriting() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let acks = sandbox.path("acks.txt"), errors = sandbox.path("errors.txt")
        // A writer that records each entry's number once its kith has exited 0 (committed).
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/bash")
        writer.arguments = [
            "-c",
            """
            for i in $(seq 1 400); do
              "\(KithSandbox.binary)" journal add "entry $i" --mood 3 >/dev/null 2>>'\(errors)' && echo "$i" >> '\(acks)'
            done
            """,
        ]
        writer.environment = sandbox.environment()
        writer.standardOutput = FileHandle.nullDevice
        try writer.run()
        defer { if writer.isRunning { writer.terminate() }; writer.waitUntilExit() }
        // Wait for some entries, then note what was committed before the backup begins.
        let deadline = Date().addingTimeInterval(30)
        func committed() -> [String] {
            ((try? String(contentsOfFile: acks, encoding: .utf8)) ?? "").split(separator: "\n").map { "entry \($0)" }
        }
        while committed().count < 20 && Date() < deadline { usleep(50_000) }
        let before = committed()
        try #require(before.count >= 20, "the writer committed too little to test against")
        let backup = sandbox.path("copy.sqlite")
        try sandbox.succeed(["backup", backup])
        #expect(writer.isRunning, "the writer finished before the backup: it did not run while Kith was writing")
        writer.terminate()
        writer.waitUntilExit()

        let sqlite3 = try #require(systemTool("sqlite3"), "sqlite3 is needed (scripts/setup.sh installs it)")
        let environment = ProcessInfo.processInfo.environment
        let integrity = try runProcess(sqlite3, [backup, "PRAGMA integrity_check"], environment: environment)
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity.summary)")
        let sideFile = (try? FileManager.default.attributesOfItem(atPath: backup + "-wal"))?[.size] as? Int ?? 0
        #expect(sideFile == 0, "the backup is one file on its own, with nothing in a -wal beside it")
        let inBackup = Set(
            try jsonObjects(sandbox.succeed(["journal", "list", "--json", "--limit", "1000"], store: backup)).compactMap
            { $0["text"] as? String })
        let lost = before.filter { !inBackup.contains($0) }
        #expect(lost.isEmpty, "committed before the backup began, missing from it: \(lost.prefix(5))")
        let problems = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(problems.isEmpty, "the writer met errors during the backup: \(problems.prefix(500))")
    }
}
