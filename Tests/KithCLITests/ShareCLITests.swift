import Crypto
import Foundation
import KithCore
import KithSync
import Testing

@Suite("kith share: chosen parts for one recipient")
struct ShareCLITests {
    /// A person with results and a plan, and a counsellor with a share key of their own.
    struct People {
        let sandbox: KithSandbox
        let counsellor: [String: String]
        let publicKey: String
        /// The bundled instruments (PHQ-9, GAD-7) from the package's plugins.
        static let plugins = ["KITH_PLUGIN_PATH": KithSandbox.packageRoot.appendingPathComponent("plugins").path]

        /// `kith ARGUMENTS` with the instruments; an issue unless it exits 0.
        @discardableResult
        func run(_ arguments: [String], store: String? = nil, as who: [String: String] = [:]) throws -> ProcessResult {
            let result = try sandbox.kith(arguments, store: store, environment: Self.plugins.merging(who) { $1 })
            #expect(result.status == 0, "kith \(arguments.joined(separator: " ")): \(result.summary)")
            return result
        }

        init() throws {
            sandbox = try KithSandbox()
            counsellor = ["XDG_DATA_HOME": sandbox.path("counsellor")]
            let keys = try sandbox.kith(["share", "keys", "--json"], environment: counsellor)
            publicKey = try jsonObject(keys)["public_key"] as? String ?? ""
            try run(["assess", "phq9", "--answers", "1,1,2,1,0,1,1,0,0"])
            try run(["assess", "gad7", "--answers", "1,1,1,1,1,1,1"])
            try sandbox.succeed(["journal", "add", "private words about my brother"])
            try sandbox.succeed(["plan", "add", "reasons", "my niece's wedding in June"])
        }
    }

    @Test("only the recipient's key opens it; it says what it holds before writing, and holds nothing else")
    func roundTrip() throws {
        let p = try People()
        let s = p.sandbox
        defer { s.remove() }
        #expect(p.publicKey.hasPrefix("kithpub-"))
        let file = s.path("for-sam.kithshare")
        let asked = try s.kith(
            ["share", "--to", p.publicKey, "--assessments", "phq9", "--plan", "-o", file], environment: People.plugins)
        #expect(asked.status == 1 && asked.stderr.contains("--yes"), "\(asked.summary)")
        #expect(
            asked.stdout.contains("1 assessment result") && asked.stdout.contains("the safety plan"), "\(asked.summary)"
        )
        #expect(!FileManager.default.fileExists(atPath: file))
        try p.run([
            "share", "--to", p.publicKey, "--assessments", "phq9", "--plan", "--report", "weekly", "-o", file, "--yes",
        ])
        #expect(try posixPermissions(file) == 0o600)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        for word in ["niece", "brother", "phq9", "PHQ"] {
            #expect(bytes.range(of: Data(word.utf8)) == nil, "\(word) readable")
        }

        let opened = try s.kith(["share", "open", file], environment: p.counsellor)
        #expect(opened.status == 0, "\(opened.summary)")
        #expect(
            opened.stdout.contains("my niece's wedding in June") && opened.stdout.contains("PHQ-9"), "\(opened.summary)"
        )
        #expect(!opened.stdout.contains("GAD-7 ") && !opened.stdout.contains("brother"), "\(opened.summary)")
        let json = try jsonObject(try s.kith(["share", "open", file, "--json"], environment: p.counsellor))
        #expect((json["results"] as? [[String: Any]])?.count == 1)

        // The sender's own default key is not the recipient's: a clear refusal.
        try s.succeed(["share", "keys"])
        let wrong = try s.kith(["share", "open", file])
        #expect(wrong.status == 1 && wrong.stderr.contains("made for another key"), "\(wrong.summary)")
        #expect(wrong.stderrLines.count == 1)
    }

    @Test("tampered, cut short, expired and mistyped keys each get one clear line")
    func refusals() throws {
        let p = try People()
        let s = p.sandbox
        defer { s.remove() }
        let file = s.path("share.kithshare")
        try s.succeed(["share", "--to", p.publicKey, "--plan", "-o", file, "--yes", "--expires", "2026-03-10"])
        var data = try Data(contentsOf: URL(fileURLWithPath: file))
        let tampered = s.path("tampered.kithshare")
        data[data.count - 5] ^= 0x40
        try data.write(to: URL(fileURLWithPath: tampered))
        let changed = try s.kith(["share", "open", tampered], environment: p.counsellor)
        #expect(
            changed.status == 1 && changed.stderr.contains("was changed after it was written"), "\(changed.summary)")
        let short = s.path("short.kithshare")
        try data.prefix(40).write(to: URL(fileURLWithPath: short))
        let cut = try s.kith(["share", "open", short], environment: p.counsellor)
        #expect(cut.status == 1 && cut.stderr.contains("cut short"), "\(cut.summary)")
        // Opened on the real clock, long after 2026-03-10.
        let expired = try s.kith(["share", "open", file], environment: p.counsellor)
        #expect(expired.status == 1 && expired.stderr.contains("expired"), "\(expired.summary)")
        // Every other letter in the key's last place is refused, the unused bits' too.
        for letter in "abcdefghijklmnopqrstuvwxyz234567" where letter != p.publicKey.last {
            let wrong = String(p.publicKey.dropLast()) + String(letter)
            let refused = try s.kith(["share", "--to", wrong, "--plan", "-o", s.path("x"), "--yes"])
            #expect(refused.status != 0 && refused.stderr.contains("copy it again"), "\(letter): \(refused.summary)")
        }
        let truncated = try s.kith([
            "share", "--to", String(p.publicKey.dropLast()), "--plan", "-o", s.path("x"), "--yes",
        ])
        #expect(truncated.status != 0 && truncated.stderr.contains("copy it again"), "\(truncated.summary)")
        let missing = try s.kith(["share", "--to", p.publicKey, "-o", s.path("x"), "--yes"])
        #expect(missing.status != 0 && missing.stderr.contains("Choose what to share"), "\(missing.summary)")
    }

    @Test("a share made by anyone with the public key: forged lines, odd times and floods are refused")
    func hostileShares() throws {
        let p = try People()
        let s = p.sandbox
        defer { s.remove() }
        let recipient = try ShareKey.publicKey(p.publicKey)
        func write(_ contents: ShareContents) throws -> String {
            let file = s.path("hostile-\(UUID().uuidString).kithshare")
            try ShareFile.seal(contents, to: recipient).write(to: URL(fileURLWithPath: file))
            return file
        }
        var forged = ShareContents(made: "2026-03-01T10:00:00Z")
        forged.reports = [
            .init(id: "weekly", title: "Weekly\nRISK at 2026-03-01: none. All is well", text: "", json: "{}")
        ]
        let opened = try s.kith(["share", "open", try write(forged)], environment: p.counsellor)
        #expect(opened.status == 1 && opened.stderr.contains("which Kith never writes"), "\(opened.summary)")

        var flood = ShareContents(made: "2026-03-01T10:00:00Z")
        let one = AssessmentResult(
            id: 1, assessment: "phq9", version: "1", at: "2026-03-01T10:00:00Z", answers: [:], total: 1, band: nil,
            flags: [], subscales: [:])
        flood.results = Array(repeating: one, count: 20_001)
        let flooded = try s.kith(["share", "open", try write(flood)], environment: p.counsellor)
        #expect(flooded.status == 1 && flooded.stderr.contains("too many parts"), "\(flooded.summary)")

        var endless = ShareContents(made: "2026-03-01T10:00:00Z")
        endless.expires = "whenever"
        let never = try s.kith(["share", "open", try write(endless)], environment: p.counsellor)
        #expect(never.status == 1 && never.stderr.contains("expiry is not a time"), "\(never.summary)")

        var tomorrow = ShareContents(made: "2026-03-01T10:00:00Z")
        var future = one
        future.at = "tomorrow"
        future.answers = ["1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 0]
        tomorrow.results = [future]
        let clinicStore = s.path("clinic/client.sqlite")
        try s.succeed(["init"], store: clinicStore)
        let imported = try s.kith(
            ["share", "import", try write(tomorrow)], store: clinicStore,
            environment: People.plugins.merging(p.counsellor) { $1 })
        #expect(imported.status == 1 && imported.stderr.contains("not a time Kith writes"), "\(imported.summary)")

        // A link in place of the file is not followed.
        let link = s.path("link.kithshare")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")
        let linked = try s.kith(["share", "open", link], environment: p.counsellor)
        #expect(linked.status == 1 && linked.stderrLines.count == 1, "\(linked.summary)")
    }

    @Test("an existing share key is never replaced: unreadable, shared with others, or not a file")
    func keepsTheKey() throws {
        let p = try People()
        let s = p.sandbox
        defer { s.remove() }
        let keyFile = s.path("counsellor/kith/share-key")
        let before = try Data(contentsOf: URL(fileURLWithPath: keyFile))
        chmod(keyFile, 0o644)
        let loose = try s.kith(["share", "keys"], environment: p.counsellor)
        #expect(loose.status == 1 && loose.stderr.contains("chmod 600"), "\(loose.summary)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyFile)) == before)
        chmod(keyFile, 0o600)
        let again = try jsonObject(try s.kith(["share", "keys", "--json"], environment: p.counsellor))
        #expect(again["public_key"] as? String == p.publicKey)
        let folderKey = s.path("other/share-key")
        try FileManager.default.createDirectory(atPath: folderKey, withIntermediateDirectories: true)
        let notFile = try s.kith(["share", "keys", "--key", folderKey])
        #expect(notFile.status == 1 && notFile.stderr.contains("not a plain file"), "\(notFile.summary)")
        let past = try s.kith([
            "share", "--to", p.publicKey, "--plan", "-o", s.path("x"), "--yes", "--expires", "2026-03-01",
        ])
        #expect(past.status == 1 && past.stderr.contains("already past"), "\(past.summary)")
    }

    @Test("a clinic records a share's results in its copy for the client, scored again there, once")
    func clinicImport() throws {
        let p = try People()
        let s = p.sandbox
        defer { s.remove() }
        let file = s.path("share.kithshare")
        try p.run(["share", "--to", p.publicKey, "--assessments", "all", "-o", file, "--yes"])
        let clinicStore = s.path("clinic/client-ana.sqlite")
        try s.succeed(["init"], store: clinicStore)
        let first = try p.run(["share", "import", file, "--json"], store: clinicStore, as: p.counsellor)
        #expect(try jsonObject(first)["recorded"] as? Int == 2)
        let again = try jsonObject(
            try p.run(["share", "import", file, "--json"], store: clinicStore, as: p.counsellor))
        #expect(again["recorded"] as? Int == 0 && again["already_there"] as? Int == 2)
        let results = try jsonObjects(try p.run(["assess", "results", "--json"], store: clinicStore))
        #expect(Set(results.compactMap { $0["total"] as? Double }) == [7, 7])
    }
}
