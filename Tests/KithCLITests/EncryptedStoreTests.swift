import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An encrypted store as a person and a clinic meet it, through the binary: known words written
/// through every path and looked for in the raw bytes of every file Kith touched; a wrong
/// passphrase and a damaged file refused with nothing changed; a store encrypted in place,
/// its passphrase changed and recovered, and decrypted; writers in parallel and killed.
@Suite("encrypted stores: nothing readable without the passphrase", .serialized)
struct EncryptedStoreTests {
    static let name = "Zephyrine Okonkwo-Bright"
    static let phrase = "lavender thunderstorm memories"
    static let phone = "+44 7700 900123"

    /// A sandbox whose files Kith writes, temporary ones included, all lie under its root.
    func sandbox() throws -> KithSandbox {
        let sandbox = try KithSandbox(withStore: false)
        try FileManager.default.createDirectory(atPath: sandbox.path("tmp"), withIntermediateDirectories: true)
        try secret(sandbox, "pass", "correct horse battery staple")
        return sandbox
    }

    /// Writes a file only its owner reads, as a passphrase file must be.
    @discardableResult
    func secret(_ sandbox: KithSandbox, _ name: String, _ text: String) throws -> String {
        let path = sandbox.path(name)
        try (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        return path
    }

    /// `kith ARGS` with the cheapest scrypt Kith allows and temporary files inside the sandbox.
    @discardableResult
    func kith(_ sandbox: KithSandbox, _ arguments: [String], store: String? = nil) throws -> ProcessResult {
        try sandbox.kith(
            arguments, store: store, environment: ["KITH_SCRYPT_LOG_N": "17", "TMPDIR": sandbox.path("tmp")])
    }

    @discardableResult
    func succeed(_ sandbox: KithSandbox, _ arguments: [String], store: String? = nil) throws -> ProcessResult {
        let result = try kith(sandbox, arguments, store: store)
        #expect(result.status == 0, "kith \(arguments.joined(separator: " ")): \(result.summary)")
        return result
    }

    /// The sandbox's store made encrypted (no recovery key) and its key kept for the test.
    func encryptedAndUnlocked(_ sandbox: KithSandbox) throws {
        try succeed(sandbox, ["init", "--encrypt", "--no-recovery-key", "--passphrase-file", sandbox.path("pass")])
        try succeed(sandbox, ["unlock", "--passphrase-file", sandbox.path("pass")])
    }

    /// Every file under the sandbox (but the passphrase files) holding one of `words`.
    func leaks(_ sandbox: KithSandbox, _ words: [String], except: Set<String> = []) throws -> [String] {
        var found: [String] = []
        let walker = FileManager.default.enumerator(atPath: sandbox.root.path)
        while let relative = walker?.nextObject() as? String {
            let path = sandbox.path(relative)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
                !except.contains(relative), let data = FileManager.default.contents(atPath: path)
            else { continue }
            for word in words where data.range(of: Data(word.utf8)) != nil { found.append("\(relative): \(word)") }
        }
        return found
    }

    @Test("known words through every path: none readable in any file Kith touched")
    func nothingReadable() throws {
        let sandbox = try sandbox()
        defer {
            _ = try? kith(sandbox, ["lock"])
            sandbox.remove()
        }
        let made = try succeed(sandbox, ["init", "--encrypt", "--passphrase-file", sandbox.path("pass")]).stdout
        #expect(made.contains("Created your encrypted store"), "\(made)")
        #expect(made.contains("Your recovery key opens the store"), "\(made)")
        let head = try #require(FileHandle(forReadingAtPath: sandbox.storePath)).readData(ofLength: 8)
        #expect(head == Data("KITHSEAL".utf8))
        try succeed(sandbox, ["unlock", "--for", "10m", "--passphrase-file", sandbox.path("pass")])

        // A plugin that keeps what it hears (kith.store), so plugin state is tested too.
        let plugin = sandbox.path("xdg/kith/plugins/echo")
        try FileManager.default.createDirectory(atPath: plugin, withIntermediateDirectories: true)
        try "id = \"echo\"\nname = \"echo\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.read\"]\n"
            .write(toFile: plugin + "/plugin.toml", atomically: true, encoding: .utf8)
        try "kith.on(\"journal.added\", function(e) kith.store.set(\"heard\", e.text) end)\n"
            .write(toFile: plugin + "/init.lua", atomically: true, encoding: .utf8)

        try succeed(sandbox, ["people", "add", Self.name, "--type", "friend", "--phone", Self.phone, "--crisis"])
        try succeed(sandbox, ["journal", "add", Self.phrase, "--mood", "2"])
        try succeed(sandbox, ["log", Self.name, "--note", Self.phrase])
        try "kith.journal.add{ text = \"\(Self.phrase) again\" }\nprint(#kith.people.list())\n"
            .write(toFile: sandbox.path("script.lua"), atomically: true, encoding: .utf8)
        try succeed(sandbox, ["run", sandbox.path("script.lua")])
        try succeed(sandbox, ["undo"])
        try succeed(sandbox, ["export", "-o", sandbox.path("export.kith")])
        try succeed(sandbox, ["backup", sandbox.path("backup.sqlite")])
        // Read into a second encrypted store, opened with the first one's passphrase.
        let other = sandbox.path("other/kith.sqlite")
        try succeed(
            sandbox, ["init", "--encrypt", "--no-recovery-key", "--passphrase-file", sandbox.path("pass")], store: other
        )
        try succeed(
            sandbox, ["import", sandbox.path("export.kith"), "--passphrase-file", sandbox.path("pass")], store: other)
        #expect(
            try succeed(sandbox, ["people", "list", "--passphrase-file", sandbox.path("pass")], store: other)
                .stdout.contains(Self.name))
        try succeed(sandbox, ["report", "weekly"])
        try succeed(sandbox, ["plan"])
        try succeed(sandbox, ["history", "--clear"])

        // All of it reads back through Kith...
        let people = try succeed(sandbox, ["people", "list", "--json"]).stdout
        #expect(people.contains(Self.name) && people.contains(Self.phone), "\(people)")
        #expect(try succeed(sandbox, ["journal", "list"]).stdout.contains(Self.phrase))
        // ...and none of it from the files: the store, its lock, the backup, the export,
        // temporary files, the plugin's folder.
        let found = try leaks(
            sandbox, [Self.name, Self.phrase, Self.phone, "Okonkwo", "lavender"], except: ["script.lua"])
        #expect(found.isEmpty, "readable without the passphrase: \(found)")
        let temporary = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("tmp"))
        #expect(temporary.isEmpty, "temporary files left: \(temporary)")

        // A front end on the encrypted store: kith rpc, opened once with the key.
        let request = #"{"jsonrpc":"2.0","id":1,"method":"people.list"}"#
        let rpc = try runProcess(
            "/bin/bash", ["-c", "echo '\(request)' | '\(KithSandbox.binary)' rpc"], environment: sandbox.environment(),
            currentDirectory: sandbox.root)
        #expect(rpc.status == 0 && rpc.stdout.contains(Self.name), "\(rpc.summary)")

        // A plaintext export needs asking for, and says what it is about to do.
        let plain = try succeed(sandbox, ["export", "--plaintext", "-o", sandbox.path("plain.json")])
        #expect(plain.stderr.contains("PLAINTEXT export of an encrypted store"), "\(plain.stderr)")
        #expect(try leaks(sandbox, [Self.name], except: ["script.lua"]) == ["plain.json: \(Self.name)"])
    }

    @Test("a wrong passphrase, a changed byte, a cut-short file and absurd parameters change nothing")
    func refusals() throws {
        let sandbox = try sandbox()
        defer {
            _ = try? kith(sandbox, ["lock"])
            sandbox.remove()
        }
        try succeed(sandbox, ["init", "--encrypt", "--no-recovery-key", "--passphrase-file", sandbox.path("pass")])
        try secret(sandbox, "wrong", "correct horse battery stapler")
        let before = try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath))
        let wrong = try kith(sandbox, ["journal", "add", "x", "--passphrase-file", sandbox.path("wrong")])
        #expect(wrong.status != 0 && wrong.stderr.contains("Wrong passphrase"), "\(wrong.summary)")
        let none = try kith(sandbox, ["journal", "list"])
        #expect(
            none.status != 0 && none.stderr.contains("The store is encrypted: give its passphrase"), "\(none.summary)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath)) == before, "nothing changed")

        // Damaged copies, read with the key kept for the store (the same file id).
        try succeed(sandbox, ["unlock", "--passphrase-file", sandbox.path("pass")])
        var flipped = before
        flipped[flipped.count / 2] ^= 0x01
        var header = before
        header[10] = 30  // scrypt N = 2^30: refused before any memory is spent
        for (name, bytes, says) in [
            ("flipped.sqlite", flipped, "is damaged or was tampered with"),
            ("short.sqlite", before.prefix(before.count - 100), "is damaged or was tampered with"),
            ("header.sqlite", header, "cannot be opened by this Kith"),
        ] {
            let path = sandbox.path(name)
            try bytes.write(to: URL(fileURLWithPath: path))
            let result = try kith(sandbox, ["journal", "add", "x"], store: path)
            #expect(result.status != 0 && result.stderr.contains(says), "\(name): \(result.summary)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(name) unchanged")
        }
        let readable = try kith(sandbox, ["journal", "add", "x", "--passphrase-file", sandbox.path("pass")])
        #expect(readable.status == 0, "the store itself is fine: \(readable.summary)")
    }

    @Test("a plain store encrypted in place, its passphrase changed and recovered, then decrypted")
    func convertAndRecover() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        try succeed(sandbox, ["init"])
        try succeed(sandbox, ["people", "add", Self.name, "--type", "friend", "--phone", Self.phone])
        try succeed(sandbox, ["journal", "add", Self.phrase])
        let folder = (sandbox.storePath as NSString).deletingLastPathComponent
        let encrypted = try succeed(sandbox, ["encrypt", "--passphrase-file", sandbox.path("pass")]).stdout
        #expect(encrypted.contains("overwritten with zeros and removed"), "\(encrypted)")
        #expect(encrypted.contains("A file system may still keep old blocks"), "\(encrypted)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == ["kith.sqlite"], "no plaintext side file left: \(files)")
        #expect(try leaks(sandbox, [Self.name, Self.phrase, Self.phone]).isEmpty)
        func recoveryKey(_ output: String) throws -> String {
            try #require(
                output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                    .first { $0.count == 64 && $0.split(separator: "-").count == 13 })
        }
        try secret(sandbox, "recovery", try recoveryKey(encrypted))
        try succeed(sandbox, ["backup", sandbox.path("before.sqlite"), "--passphrase-file", sandbox.path("pass")])

        // A new passphrase seals the store again under a new key: nothing from before opens it.
        let payload = { try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath)).suffix(4096) }
        let data = try payload()
        try secret(sandbox, "new", "a second passphrase, longer")
        let changed = try succeed(
            sandbox,
            [
                "passphrase", "change", "--passphrase-file", sandbox.path("pass"), "--new-passphrase-file",
                sandbox.path("new"),
            ]
        ).stdout
        #expect(try payload() != data, "sealed again, under a new key")
        let old = try kith(sandbox, ["people", "list", "--passphrase-file", sandbox.path("pass")])
        #expect(old.status != 0 && old.stderr.contains("Wrong passphrase"), "\(old.summary)")
        let before = try kith(
            sandbox, ["people", "list", "--passphrase-file", sandbox.path("pass")], store: sandbox.path("before.sqlite")
        )
        #expect(
            before.status == 0 && before.stdout.contains(Self.name),
            "a backup from before keeps its key: \(before.summary)")

        // The passphrase forgotten: the old recovery key no longer opens it; the new one does.
        try secret(sandbox, "third", "a third passphrase, after forgetting")
        let stale = try kith(
            sandbox,
            [
                "passphrase", "recover", "--recovery-key-file", sandbox.path("recovery"), "--new-passphrase-file",
                sandbox.path("third"),
            ])
        #expect(stale.status != 0 && stale.stderr.contains("Wrong passphrase"), "\(stale.summary)")
        try secret(sandbox, "recovery", try recoveryKey(changed))
        try succeed(
            sandbox,
            [
                "passphrase", "recover", "--recovery-key-file", sandbox.path("recovery"), "--new-passphrase-file",
                sandbox.path("third"),
            ])
        let listed = try succeed(sandbox, ["people", "list", "--passphrase-file", sandbox.path("third")]).stdout
        #expect(listed.contains(Self.name), "\(listed)")

        // And back to plain, everything there.
        try succeed(sandbox, ["decrypt", "--passphrase-file", sandbox.path("third")])
        let head = try #require(FileHandle(forReadingAtPath: sandbox.storePath)).readData(ofLength: 15)
        #expect(head == Data("SQLite format 3".utf8))
        #expect(try succeed(sandbox, ["journal", "list"]).stdout.contains(Self.phrase))
    }

    @Test("writers in parallel lose nothing; writers killed with SIGKILL leave the old state or the new")
    func parallelAndKilled() throws {
        let sandbox = try sandbox()
        defer {
            _ = try? kith(sandbox, ["lock"])
            sandbox.remove()
        }
        try encryptedAndUnlocked(sandbox)
        try "for i = 1, 25 do kith.journal.add{ text = (arg[1] or \"w\") .. \" \" .. i } end\n"
            .write(toFile: sandbox.path("add.lua"), atomically: true, encoding: .utf8)
        let writers = try (1...4).map { n -> Process in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: KithSandbox.binary)
            process.arguments = ["run", sandbox.path("add.lua"), "writer\(n)"]
            process.environment = sandbox.environment()
            process.currentDirectoryURL = sandbox.root
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return process
        }
        for writer in writers { writer.waitUntilExit() }
        #expect(writers.allSatisfy { $0.terminationStatus == 0 })
        let entries = try jsonObjects(try succeed(sandbox, ["journal", "list", "--json", "--limit", "1000"]))
        #expect(entries.count == 100, "4 writers of 25 each in parallel: \(entries.count) entries")

        let crash = CrashSafetyTests()
        let acks = sandbox.path("acks.txt"), errors = sandbox.path("errors.txt")
        for round in 0..<4 {
            let first = round * 1000 + 1
            let script = crash.writerScript(
                from: first, to: first + 200, store: sandbox.storePath, acks: acks, errors: errors)
            let writer = try crash.startWriter(script, sandbox: sandbox)
            usleep(UInt32.random(in: 200_000...700_000))
            try crash.killEverything(writer, store: sandbox.storePath)
        }
        let acked = try crash.acknowledged(acks)
        #expect(!acked.isEmpty, "no write finished before the kill: the test tested nothing")
        let texts = Set(
            try jsonObjects(try succeed(sandbox, ["journal", "list", "--json", "--limit", "100000"]))
                .compactMap { $0["text"] as? String })
        let missing = acked.filter { !texts.contains("entry \($0)") }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing)")
        let folder = (sandbox.storePath as NSString).deletingLastPathComponent
        try succeed(sandbox, ["journal", "add", "after the crashes"])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains("sealing") }
        #expect(left.isEmpty, "half-written copies are cleared by the next writer: \(left)")
    }

    @Test("on a terminal: asked twice without echo, a mismatch changes nothing, and asked once to open")
    func terminalPrompt() throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        let script = try #require(systemTool("script"), "util-linux 'script' is needed for pty tests")
        func onTerminal(_ command: String, typed: [String]) throws -> ProcessResult {
            let input = typed.map { "printf '%s\\n' '\($0)'; sleep 1;" }.joined()
            let shell =
                "(sleep 1; \(input) sleep 8) | timeout 60 '\(script)' -qec \"'\(KithSandbox.binary)' \(command)\" /dev/null"
            return try runProcess(
                "/bin/bash", ["-c", shell],
                environment: sandbox.environment(overrides: ["KITH_SCRYPT_LOG_N": "17", "TMPDIR": sandbox.path("tmp")]),
                currentDirectory: sandbox.root)
        }
        let differ = try onTerminal("init --encrypt", typed: ["first passphrase here", "another passphrase"])
        #expect(differ.stdout.contains("The two passphrases differ"), "\(differ.summary)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath), "nothing made")
        let typed = "a passphrase typed on the terminal"
        let made = try onTerminal("init --encrypt --no-recovery-key", typed: [typed, typed])
        #expect(made.stdout.contains("New passphrase:") && made.stdout.contains("The same again:"), "\(made.summary)")
        #expect(made.stdout.contains("Created your encrypted store"), "\(made.summary)")
        #expect(!made.stdout.contains(typed), "the passphrase is never echoed: \(made.stdout)")
        let listed = try onTerminal("people list", typed: [typed])
        #expect(listed.stdout.contains("Passphrase for ") && listed.stdout.contains("No one"), "\(listed.summary)")
        #expect(!listed.stdout.contains(typed))
    }

    @Test("passphrase files only their owner reads; batch asks for passphrases before running, never reads another's")
    func passphraseFilesAndBatch() throws {
        let sandbox = try sandbox()
        defer {
            _ = try? kith(sandbox, ["lock"])
            sandbox.remove()
        }
        let open = sandbox.path("open-pass")
        try "correct horse battery staple\n".write(toFile: open, atomically: true, encoding: .utf8)
        chmod(open, 0o644)
        let refused = try kith(sandbox, ["init", "--encrypt", "--passphrase-file", open])
        #expect(refused.status != 0 && refused.stderr.contains("can be read by others"), "\(refused.summary)")

        // Two clients' stores, a passphrase each, kept in a folder of their own.
        let keys = sandbox.path("keys")
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for name in ["ana", "ben"] {
            try secret(sandbox, "keys/\(name).passphrase", "the passphrase of \(name)'s store")
            try succeed(
                sandbox,
                [
                    "init", "--encrypt", "--no-recovery-key", "--passphrase-file",
                    sandbox.path("keys/\(name).passphrase"),
                ],
                store: sandbox.path("clients/\(name).sqlite"))
        }
        try """
        print(kith.store_path:match("([^/]+)%.sqlite$"), #kith.people.list())
        print(pcall(kith.files.read, "\(keys)/ana.passphrase"))
        """.write(toFile: sandbox.path("count.lua"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: sandbox.path("work"), withIntermediateDirectories: true)
        let glob = sandbox.path("clients") + "/*.sqlite"
        let asked = try kith(sandbox, ["batch", "--stores", glob, sandbox.path("count.lua")])
        #expect(asked.status != 0 && asked.stderr.contains("2 stores are encrypted"), "\(asked.summary)")
        let ran = try succeed(
            sandbox, ["batch", "--stores", glob, "--passphrase-dir", keys, "--json", sandbox.path("count.lua")])
        let results = try JSONSerialization.jsonObject(with: ran.stdoutData) as? [[String: Any]] ?? []
        #expect(results.count == 2 && results.allSatisfy { $0["ok"] as? Bool == true }, "\(ran.stdout)")
        let out = results.compactMap { $0["stdout"] as? String }.joined()
        #expect(out.contains("ana\t0") && out.contains("ben\t0"), "\(out)")
        #expect(!out.contains("the passphrase of"), "no script reads a passphrase file: \(out)")
        #expect(out.contains("false"), "the read was refused: \(out)")
    }

    @Test("an encrypted backup restored over a plain store keeps it sealed; a plain file where one was is refused")
    func restoreAndReplacedFile() throws {
        let sandbox = try sandbox()
        defer {
            _ = try? kith(sandbox, ["lock"])
            sandbox.remove()
        }
        try encryptedAndUnlocked(sandbox)
        try succeed(sandbox, ["people", "add", Self.name, "--type", "friend"])
        try succeed(sandbox, ["backup", sandbox.path("sealed-backup.sqlite")])
        // A dry run rolls back: the sealed file is not even rewritten.
        let before = try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath))
        try "kith.journal.add{ text = 'never kept' }\n".write(
            toFile: sandbox.path("dry.lua"), atomically: true, encoding: .utf8)
        try succeed(sandbox, ["run", "--dry-run", sandbox.path("dry.lua")])
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath)) == before)

        let plain = sandbox.path("plain/kith.sqlite")
        try succeed(sandbox, ["init"], store: plain)
        try succeed(sandbox, ["restore", sandbox.path("sealed-backup.sqlite"), "--replace-other-store"], store: plain)
        let head = try #require(FileHandle(forReadingAtPath: plain)).readData(ofLength: 8)
        #expect(head == Data("KITHSEAL".utf8), "the restored store is the sealed backup")
        #expect(try succeed(sandbox, ["people", "list"], store: plain).stdout.contains(Self.name))
        #expect(try leaks(sandbox, [Self.name]).isEmpty)

        // Someone puts a plain store where the encrypted one was: refused, not written in the clear.
        try FileManager.default.removeItem(atPath: plain)
        try FileManager.default.copyItem(
            atPath: sandbox.path("plain/kith-before-restore-20260304T120000.sqlite"), toPath: plain)
        let swapped = try kith(sandbox, ["journal", "add", Self.phrase], store: plain)
        #expect(swapped.status != 0 && swapped.stderr.contains("was an encrypted store"), "\(swapped.summary)")
    }
}
