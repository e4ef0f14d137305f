import Foundation
import Testing

/// Two devices in one sandbox: the default store (A) and a second (B), each with its own copy
/// of the shared folder or one folder between them, through the binary as a person runs it.
struct TwoDevices {
    let sandbox: KithSandbox
    let b: String
    let shared: String
    let passphrase: String

    init() throws {
        sandbox = try KithSandbox()
        b = sandbox.path("b/kith.sqlite")
        shared = sandbox.path("shared")
        passphrase = sandbox.path("sync-pass")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        FileManager.default.createFile(
            atPath: passphrase, contents: Data("river stones and tea\n".utf8), attributes: [.posixPermissions: 0o600])
        try sandbox.succeed(["init"], store: b)
    }

    /// `kith sync` on a store, with the passphrase file; the environment's overrides on top.
    @discardableResult
    func sync(
        _ store: String? = nil, folder: String? = nil, _ extra: [String] = [], environment: [String: String] = [:]
    ) throws -> ProcessResult {
        var arguments = ["sync"] + (folder.map { [$0] } ?? [shared]) + ["--sync-passphrase-file", passphrase] + extra
        if folder == "" { arguments.remove(at: 1) }
        return try sandbox.kith(
            arguments, store: store, environment: ["KITH_SCRYPT_LOG_N": "17"].merging(environment) { $1 })
    }

    func texts(_ store: String? = nil) throws -> [String] {
        try jsonObjects(try sandbox.succeed(["journal", "list", "--json"], store: store)).compactMap {
            $0["text"] as? String
        }
        .sorted()
    }

    func digest(_ store: String? = nil) throws -> String {
        try jsonObject(try sandbox.succeed(["sync", "status", "--json"], store: store))["digest"] as? String ?? ""
    }

    /// Every file under `folder` holding any of `words`, as bytes.
    func leaks(of words: [String], in folder: String) -> [String] {
        var found: [String] = []
        let walker = FileManager.default.enumerator(atPath: folder)
        while let name = walker?.nextObject() as? String {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            for word in words where data.range(of: Data(word.utf8)) != nil { found.append("\(name): \(word)") }
        }
        return found
    }

    func remove() { sandbox.remove() }
}

@Suite("kith sync: two devices through a folder, and the ways sync loses data elsewhere")
struct SyncCLITests {
    @Test("two devices merge; the folder holds only whole encrypted files under names that say nothing")
    func twoDevices() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        try s.succeed(["journal", "add", "walked by the harbour with Marguerite"])
        try s.succeed(["people", "add", "Marguerite", "--type", "friend", "--phone", "555-0101"])
        try s.succeed(["journal", "add", "night shift, quiet ward"], store: t.b)
        let first = try t.sync()
        #expect(first.status == 0, "\(first.summary)")
        #expect(first.stdout.contains("sent 2 changes"), "\(first.summary)")
        #expect(try t.sync(t.b).status == 0)
        #expect(try t.sync().status == 0)
        #expect(try t.texts() == ["night shift, quiet ward", "walked by the harbour with Marguerite"])
        #expect(try t.texts(t.b) == t.texts())
        #expect(try t.digest() == t.digest(t.b))
        let people = try jsonObjects(try s.succeed(["people", "list", "--json"], store: t.b))
        #expect(people.first?["phone"] as? String == "555-0101")

        // Failure 4, plaintext: nothing readable in the folder or beside it (the instance files).
        #expect(t.leaks(of: ["harbour", "Marguerite", "555-0101", "quiet ward"], in: t.shared).isEmpty)
        #expect(t.leaks(of: ["harbour", "Marguerite"], in: s.path(".local/state")).isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: t.shared)
        #expect(names.allSatisfy { $0.hasSuffix(".kithsync") && !$0.contains("sqlite") }, "\(names)")
        let status = try jsonObject(try s.succeed(["sync", "status", "--json"]))
        for name in names {
            #expect(!name.contains(status["device"] as? String ?? "-"), "a name shows the device: \(name)")
        }
        #expect(status["to_send"] as? Int == 0 && status["to_take_in"] as? Int == 0, "\(status)")

        // Idempotent: again, nothing is sent or taken in.
        let again = try t.sync(t.b)
        #expect(again.stdout.contains("sent 0 changes, took in 0 changes"), "\(again.summary)")
        // The folder is remembered.
        #expect(try t.sync(nil, folder: "").status == 0)
    }

    @Test("an encrypted store syncs with an encrypted one: nothing readable in any file Kith wrote")
    func encryptedStores() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        let storePass = s.path("store-pass")
        FileManager.default.createFile(
            atPath: storePass, contents: Data("a store passphrase here\n".utf8), attributes: [.posixPermissions: 0o600])
        let environment = ["KITH_PASSPHRASE_FILE": storePass, "KITH_SCRYPT_LOG_N": "17"]
        let a = s.path("enc-a/kith.sqlite")
        let b = s.path("enc-b/kith.sqlite")
        for store in [a, b] {
            let made = try s.kith(["init", "--encrypt", "--no-recovery-key"], store: store, environment: environment)
            #expect(made.status == 0, "\(made.summary)")
        }
        #expect(
            try s.kith(["journal", "add", "Zanzibar orchid on the sill"], store: a, environment: environment).status
                == 0)
        #expect(try t.sync(a, environment: environment).status == 0)
        let taken = try t.sync(b, environment: environment)
        #expect(taken.status == 0 && taken.stdout.contains("took in 1 change"), "\(taken.summary)")
        let listed = try s.kith(["journal", "list"], store: b, environment: environment)
        #expect(listed.stdout.contains("Zanzibar orchid"), "\(listed.summary)")
        #expect(
            t.leaks(of: ["Zanzibar", "orchid"], in: s.root.path).isEmpty,
            "\(t.leaks(of: ["Zanzibar"], in: s.root.path))")
    }

    @Test("failure 1: a store inside the synced folder is refused; Kith never puts the store there")
    func storeInsideFolder() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let inside = t.shared + "/kith.sqlite"
        try t.sandbox.succeed(["init"], store: inside)
        let refused = try t.sync(inside)
        #expect(refused.status == 1 && refused.stderr.contains("inside the sync folder"), "\(refused.summary)")
        #expect(refused.stderrLines.count == 1)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: t.shared).filter { $0.hasSuffix(".kithsync") }.isEmpty)
    }

    @Test("failure 2: a store restored from a backup, or cloned, takes a new device id and brings nothing deleted back")
    func restoredAndCloned() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        try s.succeed(["journal", "add", "kept entry"])
        try s.succeed(["journal", "add", "entry deleted later"])
        try t.sync()
        let backup = s.path("backup.sqlite")
        try s.succeed(["backup", backup])
        let entries = try jsonObjects(try s.succeed(["journal", "list", "--json"]))
        let doomed = entries.first { $0["text"] as? String == "entry deleted later" }?["id"] as? Int ?? 0
        try s.succeed(["journal", "delete", "\(doomed)"])
        try s.succeed(["journal", "add", "written after the backup"])
        try t.sync()
        try t.sync(t.b)
        #expect(try t.texts(t.b) == ["kept entry", "written after the backup"])

        try s.succeed(["restore", backup])
        let restored = try t.sync()
        #expect(restored.status == 0, "\(restored.summary)")
        #expect(restored.stderr.contains("new device"), "\(restored.summary)")
        // What was written after the backup comes back from the folder; what was deleted stays deleted.
        #expect(try t.texts() == ["kept entry", "written after the backup"])
        try t.sync(t.b)
        #expect(try t.texts(t.b) == ["kept entry", "written after the backup"])

        // A copy of the store on another machine (no instance file there) is a new device too.
        let clone = s.path("clone/kith.sqlite")
        try FileManager.default.createDirectory(atPath: s.path("clone"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: s.storePath, toPath: clone)
        let other = ["XDG_STATE_HOME": s.path("other-machine/state")]
        try s.succeed(["journal", "add", "from the clone"], store: clone)
        let cloned = try t.sync(clone, environment: other)
        #expect(cloned.stderr.contains("new device"), "\(cloned.summary)")
        try s.succeed(["journal", "add", "from the original"])
        let original = try t.sync()
        #expect(!original.stderr.contains("new device"), "\(original.summary)")
        try t.sync(clone, environment: other)
        try t.sync(t.b)
        let all = ["from the clone", "from the original", "kept entry", "written after the backup"]
        #expect(try t.texts() == all)
        #expect(try t.texts(clone) == all)
        #expect(try t.texts(t.b) == all)
    }

    @Test("failure 3: a clock days ahead is warned about, and an edit made after seeing it still wins")
    func clockSkew() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        try s.succeed(["people", "add", "Noor", "--type", "friend", "--phone", "555-0001"])
        try t.sync()
        try t.sync(t.b)
        let ahead = ["KITH_NOW": "2026-03-09T12:00:00Z"]
        let edit = try s.kith(["people", "edit", "Noor", "--phone", "555-0002"], store: t.b, environment: ahead)
        #expect(edit.status == 0, "\(edit.summary)")
        try t.sync(t.b, environment: ahead)
        let warned = try t.sync()
        #expect(warned.stderr.contains("clock is about") && warned.stderr.contains("ahead"), "\(warned.summary)")
        #expect(warned.status == 0)
        // Applied although it comes from the future...
        #expect(try jsonObjects(try s.succeed(["people", "list", "--json"])).first?["phone"] as? String == "555-0002")
        // ...and this device's later edit (by its own clock, days "earlier") wins everywhere.
        try s.succeed(["people", "edit", "Noor", "--phone", "555-0003"])
        try t.sync()
        try t.sync(t.b, environment: ahead)
        #expect(
            try jsonObjects(try s.succeed(["people", "list", "--json"], store: t.b)).first?["phone"] as? String
                == "555-0003")
    }

    @Test(
        "failure 5: two devices that made a folder key each, offline, still read each other; a wrong passphrase changes nothing"
    )
    func divergingKeys() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        let folderB = s.path("shared-b")
        try FileManager.default.createDirectory(atPath: folderB, withIntermediateDirectories: true)
        try s.succeed(["journal", "add", "from A"])
        try s.succeed(["journal", "add", "from B"], store: t.b)
        try t.sync()
        try t.sync(t.b, folder: folderB)
        // The carrying tool meets the two folders: each gets the other's files.
        for (from, to) in [(t.shared, folderB), (folderB, t.shared)] {
            for name in try FileManager.default.contentsOfDirectory(atPath: from)
            where !FileManager.default.fileExists(atPath: to + "/" + name) {
                try FileManager.default.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
            }
        }
        // B's store syncs through its own folder; it is the same folder on another machine.
        #expect(try t.sync().status == 0)
        #expect(try t.sync(t.b, folder: folderB).status == 0)
        #expect(try t.texts() == ["from A", "from B"])
        #expect(try t.texts(t.b) == ["from A", "from B"])

        // A third device with a mistyped passphrase: refused, nothing written.
        let c = s.path("c/kith.sqlite")
        try s.succeed(["init"], store: c)
        let wrong = s.path("wrong-pass")
        FileManager.default.createFile(
            atPath: wrong, contents: Data("river stones and coffee\n".utf8), attributes: [.posixPermissions: 0o600])
        let before = try FileManager.default.contentsOfDirectory(atPath: t.shared).sorted()
        let refused = try s.kith(["sync", t.shared, "--sync-passphrase-file", wrong], store: c)
        #expect(refused.status == 1 && refused.stderr.contains("does not open this folder's key"), "\(refused.summary)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.shared).sorted() == before)
        #expect(try t.texts(c).isEmpty)
    }

    @Test("a file tampered with, cut short or from another folder is refused by name; the rest syncs")
    func refusedFiles() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        try s.succeed(["journal", "add", "first"])
        try t.sync()
        try t.sync(t.b)
        try s.succeed(["journal", "add", "second"])
        try t.sync()
        try s.succeed(["journal", "add", "third"])
        try t.sync()
        let known = Set(try FileManager.default.contentsOfDirectory(atPath: t.shared))
        // Another folder's file, under a name like Kith's.
        let elsewhere = s.path("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let c = s.path("c/kith.sqlite")
        try s.succeed(["init"], store: c)
        try s.succeed(["journal", "add", "not for this folder"], store: c)
        try t.sync(c, folder: elsewhere)
        for name in try FileManager.default.contentsOfDirectory(atPath: elsewhere) where !name.hasPrefix("key-") {
            try FileManager.default.copyItem(atPath: elsewhere + "/" + name, toPath: t.shared + "/" + name)
        }
        // Tamper with one of A's two new files, cut the other short... no: cut one, keep one.
        let files = try FileManager.default.contentsOfDirectory(atPath: t.shared).filter {
            known.contains($0) && !$0.hasPrefix("key-")
        }.sorted {
            ((try? FileManager.default.attributesOfItem(atPath: t.shared + "/" + $0)[.modificationDate] as? Date)
                ?? .distantPast)
                < ((try? FileManager.default.attributesOfItem(atPath: t.shared + "/" + $1)[.modificationDate] as? Date)
                    ?? .distantPast)
        }
        #expect(files.count == 3)
        var data = try Data(contentsOf: URL(fileURLWithPath: t.shared + "/" + files[1]))
        data[data.count - 20] ^= 0x01
        try data.write(to: URL(fileURLWithPath: t.shared + "/" + files[1]))
        let result = try t.sync(t.b)
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stderr.contains("refused \(files[1]): it was changed or cut short"), "\(result.summary)")
        #expect(result.stderr.contains("sealed with a key this device does not have"), "\(result.summary)")
        #expect(try t.texts(t.b) == ["first", "third"])
    }

    @Test("the same journal text edited on two devices: both versions kept, the person told")
    func bothVersionsKept() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        try s.succeed(["journal", "add", "a hard day"])
        try t.sync()
        try t.sync(t.b)
        try s.succeed(["journal", "edit", "1", "--text", "a hard day, then a call with my sister"])
        try s.succeed(["journal", "edit", "1", "--text", "a hard day; the meeting helped"], store: t.b)
        // Each device is told once the other version is there.
        let told = [try t.sync(), try t.sync(t.b), try t.sync(), try t.sync(t.b)]
        let tellsA = told[0].stdout + told[2].stdout
        let tellsB = told[1].stdout + told[3].stdout
        for tells in [tellsA, tellsB] {
            #expect(tells.contains("edited on two devices at once: both versions are kept"), "\(tells)")
            #expect(tells.contains("kith journal show #1"), "\(tells)")
        }
        for store in [nil, t.b] {
            let shown = try s.succeed(["journal", "show", "1", "--json"], store: store)
            let entry = try jsonObject(shown)
            let versions = (entry["other_versions"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
            let texts = Set(versions + [entry["text"] as? String ?? ""])
            #expect(
                texts == ["a hard day, then a call with my sister", "a hard day; the meeting helped"],
                "\(shown.summary)")
        }
        #expect(try t.digest() == t.digest(t.b))
    }

    @Test("compact bounds the folder; a device joining later with a pairing code starts from the snapshot")
    func compactAndPair() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        for round in 1...6 {
            try s.succeed(["journal", "add", "A round \(round)"])
            try t.sync()
            try s.succeed(["journal", "add", "B round \(round)"], store: t.b)
            try t.sync(t.b)
        }
        try t.sync()
        let before = try FileManager.default.contentsOfDirectory(atPath: t.shared).count
        let compacted = try s.kith(["sync", "compact", "--json"], environment: [:])
        #expect(compacted.status == 0, "\(compacted.summary)")
        let outcome = try jsonObject(compacted)
        #expect((outcome["removed"] as? Int ?? 0) >= before - 4, "\(outcome) of \(before)")
        #expect((outcome["bytes_after"] as? Int ?? .max) < (outcome["bytes_before"] as? Int ?? 0))
        let pair = try jsonObject(try s.succeed(["sync", "pair", "--json"]))
        let code = pair["code"] as? String ?? ""
        let c = s.path("c/kith.sqlite")
        try s.succeed(["init"], store: c)
        let wrongCode = try s.kith(["sync", t.shared, "--pair", "aaaa-bbbb-cccc-dddd-eeee"], store: c)
        #expect(
            wrongCode.status == 1 && wrongCode.stderr.contains("pairing code opens nothing"), "\(wrongCode.summary)")
        let joined = try s.kith(["sync", t.shared, "--pair", code], store: c)
        #expect(joined.status == 0, "\(joined.summary)")
        #expect(try t.texts(c).count == 12)
        #expect(try t.digest(c) == t.digest())
        try t.sync(t.b)
        #expect(try t.digest(t.b) == t.digest())
    }

    @Test("SIGKILL in the middle of syncs, again and again: the next sync ends the same as one never stopped")
    func killedMidSync() throws {
        let t = try TwoDevices()
        defer { t.remove() }
        let s = t.sandbox
        let entries = (1...3000).map { n in
            "{\"title\": \"entry number \(n)\", \"body\": \"\", \"date\": \"2026-02-\(String(format: "%02d", 1 + n % 27))\", \"time\": \"08:\(String(format: "%02d", n % 60))\", \"tags\": [], \"starred\": false}"
        }
        let jrnl = s.path("big.json")
        try ("{\"tags\": {}, \"entries\": [" + entries.joined(separator: ",\n") + "]}").write(
            toFile: jrnl, atomically: true, encoding: .utf8)
        try s.succeed(["import", "jrnl", jrnl])
        try t.sync(t.b)
        for delay in [40_000, 120_000, 250_000, 400_000] as [useconds_t] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: KithSandbox.binary)
            process.arguments = ["sync", t.shared, "--sync-passphrase-file", t.passphrase]
            process.environment = s.environment(overrides: ["KITH_SCRYPT_LOG_N": "17"])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try s.succeed(["journal", "add", "after kill \(delay)"])
        }
        #expect(try t.sync().status == 0)
        #expect(try t.sync(t.b).status == 0)
        #expect(try t.sync().status == 0)
        #expect(try t.texts(t.b).count == 3004)
        #expect(try t.digest(t.b) == t.digest())
        #expect(try integrityCheck(s.storePath) == "ok")
    }
}
