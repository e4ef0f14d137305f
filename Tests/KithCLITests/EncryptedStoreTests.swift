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
        let recovery = try #require(
            encrypted.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .first { $0.count == 64 && $0.split(separator: "-").count == 13 })
        try secret(sandbox, "recovery", recovery)

        // A new passphrase wraps the key again; the data is not rewritten.
        let payload = { try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath)).suffix(4096) }
        let data = try payload()
        try secret(sandbox, "new", "a second passphrase, longer")
        try succeed(
            sandbox,
            [
                "passphrase", "change", "--passphrase-file", sandbox.path("pass"), "--new-passphrase-file",
                sandbox.path("new"),
            ])
        #expect(try payload() == data, "only the header changed")
        let old = try kith(sandbox, ["people", "list", "--passphrase-file", sandbox.path("pass")])
        #expect(old.status != 0 && old.stderr.contains("Wrong passphrase"), "\(old.summary)")

        // The passphrase forgotten: the recovery key sets a new one.
        try secret(sandbox, "third", "a third passphrase, after forgetting")
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
        try succeed(sandbox, ["init", "--encrypt", "--no-recovery-key", "--passphrase-file", sandbox.path("pass")])
        try succeed(sandbox, ["unlock", "--passphrase-file", sandbox.path("pass")])
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
}
