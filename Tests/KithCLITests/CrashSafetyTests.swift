import Foundation
import Testing
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every write is one SQLite transaction in WAL mode with synchronous=FULL, so a `kith` killed
/// at any moment must leave every acknowledged entry in place and the database intact.
@Suite("Crash safety: SIGKILL at random moments loses no acknowledged write", .serialized)
struct CrashSafetyTests {
    static let rounds = 8
    static let entriesPerRound = 200

    /// A bash loop that adds "entry i" for each i and, only after kith exits 0, appends i to `acks`.
    /// The store path is on every kith command line, so `pgrep -f` can find stragglers.
    func writerScript(
        from first: Int, to last: Int, store: String, acks: String, errors: String, extra: String = ""
    ) -> String {
        """
        for i in $(seq \(first) \(last)); do
          if '\(KithSandbox.binary)' journal add "entry $i" --mood 3 --store '\(store)' \(extra) >/dev/null 2>>'\(errors)'; then
            echo "$i" >> '\(acks)'
          fi
        done
        """
    }

    func startWriter(_ script: String, sandbox: KithSandbox) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = sandbox.environment()
        process.currentDirectoryURL = sandbox.root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Kills the writer's process group (Foundation starts children in their own group), the
    /// writer itself, and any kith still running against `store`, then waits until none is left.
    func killEverything(_ writer: Process, store: String) throws {
        let pid = writer.processIdentifier
        if pid > 1 {
            _ = kill(-pid, SIGKILL)  // harmless ESRCH if the writer does not lead a group
            _ = kill(pid, SIGKILL)
        }
        let environment = ProcessInfo.processInfo.environment
        if let pkill = systemTool("pkill"), let pgrep = systemTool("pgrep") {
            for _ in 0..<100 {
                _ = try runProcess(pkill, ["-9", "-f", store], environment: environment)
                if try runProcess(pgrep, ["-f", store], environment: environment).status != 0 { break }
                usleep(20_000)
            }
        }
        writer.waitUntilExit()
    }

    /// The numbers in the acknowledgements file; a last line without its newline does not count.
    func acknowledged(_ path: String) throws -> [Int] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if !text.hasSuffix("\n") || lines.last == "" { lines.removeLast() }
        return lines.compactMap { Int($0) }
    }

    @Test("entries acknowledged before a SIGKILL are all there, and the database passes integrity_check")
    func sigkillLosesNothing() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let store = sandbox.path("crash/kith.sqlite")
        let acks = sandbox.path("acks.txt")
        let errors = sandbox.path("errors.txt")
        try sandbox.succeed(["init"], store: store)

        for round in 0..<Self.rounds {
            let first = round * 1000 + 1
            let script = writerScript(
                from: first, to: first + Self.entriesPerRound - 1, store: store, acks: acks, errors: errors)
            let writer = try startWriter(script, sandbox: sandbox)
            usleep(UInt32.random(in: 50_000...400_000))
            try killEverything(writer, store: store)
        }

        // One last writer runs to the end: the store must still take writes after the crashes.
        let finalScript = writerScript(from: 9001, to: 9003, store: store, acks: acks, errors: errors)
        let finalWriter = try startWriter(finalScript, sandbox: sandbox)
        finalWriter.waitUntilExit()
        #expect(finalWriter.terminationStatus == 0)

        let acked = try acknowledged(acks)
        #expect(acked.filter { $0 > 9000 } == [9001, 9002, 9003])
        let errorText = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(errorText.isEmpty, "kith reported errors while being killed: \(errorText.prefix(2000))")

        let listed = try jsonObjects(try sandbox.succeed(["journal", "list", "--json"], store: store))
        let texts = listed.compactMap { $0["text"] as? String }
        #expect(texts.count == listed.count)
        #expect(Set(texts).count == texts.count, "no entry is written twice")
        #expect(listed.allSatisfy { $0["mood"] as? Int == 3 }, "every entry is whole")
        let present = Set(texts)
        let missing = acked.filter { !present.contains("entry \($0)") }
        #expect(missing.isEmpty, "acknowledged but missing after SIGKILL: \(missing)")
        #expect(acked.count <= texts.count)
        let malformed = texts.filter { text in
            !(text.hasPrefix("entry ") && Int(text.dropFirst(6)) != nil)
        }
        #expect(malformed.isEmpty, "unexpected entries: \(malformed)")

        let sqlite3 = try #require(
            systemTool("sqlite3"), "sqlite3 is needed to check the database (scripts/setup.sh installs it)")
        let environment = ProcessInfo.processInfo.environment
        let integrity = try runProcess(sqlite3, [store, "PRAGMA integrity_check"], environment: environment)
        #expect(integrity.status == 0, "\(integrity.summary)")
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity.summary)")
        let foreignKeys = try runProcess(sqlite3, [store, "PRAGMA foreign_key_check"], environment: environment)
        #expect(foreignKeys.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(foreignKeys.summary)")
        let count = try runProcess(sqlite3, [store, "SELECT count(*) FROM journal_entry"], environment: environment)
        #expect(Int(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) == texts.count)
    }

    @Test("a plugin handler killed mid-write keeps all of its writes or none, and the user's entries are safe")
    func handlerKilledMidWrite() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let store = sandbox.path("crash/kith.sqlite")
        let acks = sandbox.path("acks.txt"), errors = sandbox.path("errors.txt")
        let plugin = sandbox.path("plugins/busy")
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
        try
            "id = \"busy\"\nname = \"Busy\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.write\", \"journal.read\"]\n"
            .write(toFile: plugin + "/plugin.toml", atomically: true, encoding: .utf8)
        // Five stored keys and a tag per entry: one transaction, so all five and the tag, or nothing.
        try """
        kith.on("journal.added", function(e)
          for k = 1, 5 do kith.store.set(("e%d-%d"):format(e.id, k), k) end
          kith.journal.update(e.id, { tags = { "handled" } })
        end)
        """.write(toFile: plugin + "/init.lua", atomically: true, encoding: .utf8)
        try sandbox.succeed(["init"], store: store)
        let extra = "--plugins '\(sandbox.path("plugins"))'"
        for round in 0..<4 {
            let first = round * 1000 + 1
            let writer = try startWriter(
                writerScript(from: first, to: first + 150, store: store, acks: acks, errors: errors, extra: extra),
                sandbox: sandbox)
            usleep(UInt32.random(in: 80_000...500_000))
            try killEverything(writer, store: store)
        }
        let present = Set(
            try jsonObjects(try sandbox.succeed(["journal", "list", "--json"], store: store)).compactMap {
                $0["text"] as? String
            })
        let acked = try acknowledged(acks)
        #expect(acked.count > 0, "no kith finished before it was killed: the test tested nothing")
        let missing = acked.filter { !present.contains("entry \($0)") }
        #expect(missing.isEmpty, "acknowledged but missing: \(missing)")
        let sqlite3 = try #require(systemTool("sqlite3"))
        let environment = ProcessInfo.processInfo.environment
        let integrity = try runProcess(sqlite3, [store, "PRAGMA integrity_check"], environment: environment)
        #expect(integrity.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(integrity.summary)")
        // Per entry: the number of keys the handler stored, and whether it tagged the entry.
        let sql = """
            SELECT replace(e.text, ' ', '_'), (SELECT count(*) FROM plugin_data WHERE owner = 'busy' AND key LIKE 'e' || e.id || '-%'),
                   (SELECT count(*) FROM journal_tag t WHERE t.entry_id = e.id AND t.tag = 'handled') FROM journal_entry e
            """
        let rows = try runProcess(sqlite3, ["-separator", " ", store, sql], environment: environment).stdout.split(
            separator: "\n")
        #expect(rows.count == present.count && rows.count > 0)
        let torn = rows.filter { row in
            let f = row.split(separator: " ")
            return !((f[1] == "5" && f[2] == "1") || (f[1] == "0" && f[2] == "0"))
        }
        #expect(torn.isEmpty, "handler writes half kept: \(torn.prefix(5))")
        // A kith that exited 0 ran the handler to its end: its keys and tag must be there, so a
        // plugin that never loaded or whose handler failed cannot pass as "none of its writes".
        let handled = Set(
            rows.compactMap { row -> String? in
                let f = row.split(separator: " ")
                return f[1] == "5" && f[2] == "1" ? String(f[0]) : nil
            })
        let unhandled = acked.filter { !handled.contains("entry_\($0)") }
        #expect(unhandled.isEmpty, "acknowledged entries the handler never finished: \(unhandled.prefix(5))")
        let errorText = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(!errorText.contains("busy"), "the handler reported errors: \(errorText.prefix(500))")
    }
}
