import Foundation
import Testing

/// A clinic's bundle as the clinic and a person meet it, through the binary: a key made, a
/// bundle of two plugins signed, tampered copies refused with the file named, consent asked
/// before anything is copied (and again when an update asks for more), keys trusted once.
@Suite("plugin bundles: signed, installed with consent, updated, removed")
struct PluginDistributionTests {
    /// Writes a plugin folder `root/plugins/ID`.
    func plugin(_ root: String, _ id: String, version: String = "1.0.0", permissions: [String], _ lua: String) throws {
        let dir = root + "/plugins/" + id
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let list = permissions.map { "\"\($0)\"" }.joined(separator: ", ")
        try """
        id = "\(id)"
        name = "\(id)"
        version = "\(version)"
        kith_api = 1
        description = "The clinic's \(id)"
        permissions = [\(list)]

        """.write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
        try lua.write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
    }

    /// A copy of `bundle` at `name`, for tampering.
    func copy(_ sandbox: KithSandbox, _ bundle: String, _ name: String) throws -> String {
        let target = sandbox.path(name)
        try FileManager.default.copyItem(atPath: bundle, toPath: target)
        return target
    }

    var installed: (KithSandbox) -> [String] {
        { sandbox in (try? FileManager.default.contentsOfDirectory(atPath: sandbox.path("xdg/kith/plugins"))) ?? [] }
    }

    @Test("a signed bundle of two plugins: tampering refused, consent asked, trust once, update asks again, remove")
    func clinicBundle() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let key = sandbox.path("riverside.key")
        let made = try sandbox.succeed(["plugins", "keygen", key, "--name", "Riverside Clinic"]).stdout
        #expect(made.contains("Fingerprint: "), "\(made)")
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o777 } == 0o600, "the private key is readable by its owner only")
        #expect(try sandbox.kith(["plugins", "keygen", key, "--name", "x"]).status != 0, "never overwritten")

        let bundle = sandbox.path("bundle")
        try plugin(
            bundle, "riverside-types", permissions: [],
            "kith.support_types.define{ id = \"keyworker\", name = \"Keyworker\" }")
        try plugin(bundle, "riverside-mood", permissions: ["journal.read"], "-- reads the journal\n")
        #expect(try sandbox.succeed(["plugins", "sign", bundle, "--key", key]).stdout.contains("Signed 4 files"))

        // Tampered copies: each refused, naming the file, and nothing installed.
        let changedByte = try copy(sandbox, bundle, "changed")
        try "-- reads the journal!\n".write(
            toFile: changedByte + "/plugins/riverside-mood/init.lua", atomically: true, encoding: .utf8)
        let added = try copy(sandbox, bundle, "added")
        try "x".write(toFile: added + "/plugins/riverside-mood/extra.lua", atomically: true, encoding: .utf8)
        let removed = try copy(sandbox, bundle, "removed")
        try FileManager.default.removeItem(atPath: removed + "/plugins/riverside-types/init.lua")
        let replaced = try copy(sandbox, bundle, "replaced")
        try "id = \"riverside-types\"\nname = \"x\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"plan.read\"]\n"
            .write(
                toFile: replaced + "/plugins/riverside-types/plugin.toml", atomically: true, encoding: .utf8)
        for (folder, says) in [
            (changedByte, "plugins/riverside-mood/init.lua changed after the bundle was signed"),
            (added, "plugins/riverside-mood/extra.lua was added after the bundle was signed"),
            (removed, "plugins/riverside-types/init.lua was removed after the bundle was signed"),
            (replaced, "plugins/riverside-types/plugin.toml changed after the bundle was signed"),
        ] {
            let refused = try sandbox.kith(["plugins", "install", folder, "--yes"])
            #expect(refused.status != 0 && refused.stderr.contains(says), "\(refused.summary)")
            #expect(installed(sandbox).isEmpty, "nothing installed from \(folder)")
        }

        // Untrusted signer: shown, with the permissions in plain words, and asked first.
        let asked = try sandbox.kith(["plugins", "install", bundle])
        #expect(asked.status != 0 && asked.stderr.contains("run again with --yes"), "\(asked.summary)")
        #expect(asked.stdout.contains("Signed by Riverside Clinic, key "), "\(asked.stdout)")
        #expect(asked.stdout.contains("you have not trusted this key"), "\(asked.stdout)")
        #expect(asked.stdout.contains("riverside-mood 1.0.0: The clinic's riverside-mood"), "\(asked.stdout)")
        #expect(asked.stdout.contains("- read your journal entries"), "\(asked.stdout)")
        #expect(asked.stdout.contains("It may not read or change any of your data."), "\(asked.stdout)")
        #expect(installed(sandbox).isEmpty)

        // Trusted once; then installed with --yes, still shown.
        let trust = try sandbox.succeed(["plugins", "trust", sandbox.path("riverside.pub")]).stdout
        #expect(trust.contains("Trusted Riverside Clinic, key "), "\(trust)")
        let done = try sandbox.succeed(["plugins", "install", bundle, "--yes"]).stdout
        #expect(done.contains("(trusted)") && done.contains("Installed riverside-mood, riverside-types"), "\(done)")
        #expect(Set(installed(sandbox)) == ["riverside-mood", "riverside-types"])
        #expect(try sandbox.succeed(["types"]).stdout.contains("keyworker"), "the installed plugin runs")
        let list = try sandbox.succeed(["plugins", "list"]).stdout
        #expect(list.contains("Riverside Clinic ("), "\(list)")

        // An update asking for more is shown as such and needs consent again.
        let wider = sandbox.path("wider")
        try plugin(wider, "riverside-mood", version: "1.1.0", permissions: ["journal.read", "plan.read"], "")
        try sandbox.succeed(["plugins", "sign", wider, "--key", key])
        let widening = try sandbox.kith(["plugins", "update", wider])
        #expect(widening.status != 0, "\(widening.summary)")
        #expect(
            widening.stdout.contains("- read your safety plan   (NEW: the installed version could not)"),
            "\(widening.stdout)")
        #expect(widening.stdout.contains("(installed: 1.0.0)"), "\(widening.stdout)")
        #expect(try sandbox.succeed(["plugins", "info", "riverside-mood"]).stdout.contains("1.0.0"))
        try sandbox.succeed(["plugins", "update", wider, "--yes"])
        #expect(try sandbox.succeed(["plugins", "info", "riverside-mood"]).stdout.contains("1.1.0"))
        // One asking for fewer, from a trusted signer, is applied without a question.
        let narrower = sandbox.path("narrower")
        try plugin(narrower, "riverside-mood", version: "1.2.0", permissions: [], "")
        try sandbox.succeed(["plugins", "sign", narrower, "--key", key])
        try sandbox.succeed(["plugins", "update", narrower])
        #expect(try sandbox.succeed(["plugins", "info", "riverside-mood"]).stdout.contains("1.2.0"))

        // Removed, saying what becomes of its data.
        let gone = try sandbox.succeed(["plugins", "remove", "riverside-mood"]).stdout
        #expect(gone.contains("results it scored stay"), "\(gone)")
        #expect(installed(sandbox) == ["riverside-types"])
        #expect(try sandbox.kith(["plugins", "remove", "riverside-mood"]).status != 0)
    }

    @Test("an unsigned plugin installs after a clear warning, unless the machine requires signatures")
    func unsigned() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let bundle = sandbox.path("loose")
        try plugin(bundle, "loose", permissions: ["people.read"], "")
        let shown = try sandbox.succeed(["plugins", "install", bundle + "/plugins/loose", "--yes"]).stdout
        #expect(shown.contains("Warning: this is not signed."), "\(shown)")
        #expect(shown.contains("see the people in your network, with their phone numbers"), "\(shown)")
        #expect(installed(sandbox) == ["loose"])
        try FileManager.default.createDirectory(atPath: sandbox.path(".config/kith"), withIntermediateDirectories: true)
        try "require_signatures = true\n".write(
            toFile: sandbox.path(".config/kith/config.toml"), atomically: true, encoding: .utf8)
        try sandbox.succeed(["plugins", "remove", "loose"])
        let refused = try sandbox.kith(["plugins", "install", bundle, "--yes"])
        #expect(refused.status != 0 && refused.stderr.contains("require signatures"), "\(refused.summary)")
        #expect(installed(sandbox).isEmpty)
    }

    @Test(
        "hostile bundles: links, strange names, an edited signer, a downgrade, a takeover, terminal codes, bad versions"
    )
    func hostile() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let key = sandbox.path("clinic.key")
        try sandbox.succeed(["plugins", "keygen", key, "--name", "Clinic"])
        try sandbox.succeed(["plugins", "trust", sandbox.path("clinic.pub")])

        // A link in an unsigned bundle, pointing at a folder someone else can write.
        let linked = sandbox.path("linked")
        try plugin(linked, "linked", permissions: [], "")
        try FileManager.default.createSymbolicLink(
            atPath: linked + "/plugins/linked/lib", withDestinationPath: sandbox.path("elsewhere"))
        let link = try sandbox.kith(["plugins", "install", linked, "--yes"])
        #expect(link.status != 0 && link.stderr.contains("is not a plain file"), "\(link.summary)")

        // A file name that could smuggle a line into the signed list is refused at signing.
        let named = sandbox.path("named")
        try plugin(named, "named", permissions: [], "")
        try "x".write(toFile: named + "/plugins/named/a\n0000  b", atomically: true, encoding: .utf8)
        let strange = try sandbox.kith(["plugins", "sign", named, "--key", key])
        #expect(
            strange.status != 0 && strange.stderr.contains("has a name a bundle may not hold"), "\(strange.summary)")

        // The signer's name is signed too: edited, the signature no longer holds.
        let good = sandbox.path("good")
        try plugin(good, "good", version: "2.0.0", permissions: [], "")
        try sandbox.succeed(["plugins", "sign", good, "--key", key])
        let edited = try copy(sandbox, good, "edited")
        let sig = edited + "/kith-bundle.sig"
        try (try String(contentsOfFile: sig, encoding: .utf8)).replacingOccurrences(
            of: "\"Clinic\"", with: "\"Riverside\""
        )
        .write(toFile: sig, atomically: true, encoding: .utf8)
        let lied = try sandbox.kith(["plugins", "install", edited, "--yes"])
        #expect(lied.status != 0 && lied.stderr.contains("does not match what it signs"), "\(lied.summary)")

        // A downgrade from the same trusted signer still asks, and says so.
        try sandbox.succeed(["plugins", "install", good, "--yes"])
        let old = sandbox.path("old")
        try plugin(old, "good", version: "1.0.0", permissions: [], "")
        try sandbox.succeed(["plugins", "sign", old, "--key", key])
        let downgrade = try sandbox.kith(["plugins", "update", old])
        #expect(
            downgrade.status != 0 && downgrade.stdout.contains("OLDER than the version installed"),
            "\(downgrade.summary)")
        #expect(try sandbox.succeed(["plugins", "info", "good"]).stdout.contains("2.0.0"))

        // A plugin taking the place of one elsewhere on the path says so, and asks.
        let shared = sandbox.path("shared")
        try plugin(shared, "common", permissions: [], "")
        let takeover = sandbox.path("takeover")
        try plugin(takeover, "common", permissions: [], "")
        try sandbox.succeed(["plugins", "sign", takeover, "--key", key])
        let taking = try sandbox.kith(
            ["plugins", "install", takeover], environment: ["KITH_PLUGIN_PATH": shared + "/plugins"])
        #expect(
            taking.status != 0 && taking.stdout.contains("takes the place of the plugin 'common'"), "\(taking.summary)")

        // Terminal codes in a description never reach the screen; odd ids and versions are refused without a crash.
        for (field, says) in [
            ("description = \"ok\\u001b[2K\"", "holds control or formatting characters"),
            ("version = \"+\"", "'version' must be a semantic version"),
            ("version = \"1.0.0-\\u0663\"", "'version' must be a semantic version"),
        ] {
            let bad = sandbox.path("bad-\(UUID().uuidString)")
            try plugin(bad, "bad", permissions: [], "")
            let manifest = bad + "/plugins/bad/plugin.toml"
            var text = try String(contentsOfFile: manifest, encoding: .utf8)
            let key = String(field.prefix { $0 != " " })
            text =
                text.split(separator: "\n").filter { !$0.hasPrefix(key + " ") }.joined(separator: "\n") + "\n" + field
                + "\n"
            try text.write(toFile: manifest, atomically: true, encoding: .utf8)
            let refused = try sandbox.kith(["plugins", "install", bad, "--yes"])
            #expect(refused.status != 0 && refused.stderr.contains(says), "\(field): \(refused.summary)")
            #expect(!refused.stdout.contains("\u{1B}"), "no escape printed")
        }
        let dotted = sandbox.path("dotted")
        try plugin(dotted, ".hidden", permissions: [], "")
        let dot = try sandbox.kith(["plugins", "install", dotted + "/plugins/.hidden", "--yes"])
        #expect(dot.status != 0 && dot.stderr.contains("starting with a letter or digit"), "\(dot.summary)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.path("xdg/kith/plugins"))
        #expect(leftovers.sorted() == ["good"], "no staging copy left behind: \(leftovers)")
    }

    @Test("a bundle file: packed, installed, and refused when altered, cut short or crafted to climb out")
    func bundleFile() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let key = sandbox.path("clinic.key")
        try sandbox.succeed(["plugins", "keygen", key, "--name", "Clinic"])
        try sandbox.succeed(["plugins", "trust", sandbox.path("clinic.pub")])
        let bundle = sandbox.path("bundle")
        try plugin(bundle, "packed", permissions: ["journal.read"], "-- the packed plugin\n")
        try sandbox.succeed(["plugins", "sign", bundle, "--key", key])
        let file = sandbox.path("clinic.kithbundle")
        #expect(try sandbox.succeed(["plugins", "pack", bundle, "-o", file]).stdout.contains("3 files"))
        let original = try Data(contentsOf: URL(fileURLWithPath: file))

        func attempt(_ name: String, _ bytes: Data) throws -> ProcessResult {
            let path = sandbox.path(name)
            try bytes.write(to: URL(fileURLWithPath: path))
            return try sandbox.kith(["plugins", "install", path, "--yes"])
        }
        var altered = original
        let at = try #require(original.range(of: Data("the packed plugin".utf8)))
        altered[at.lowerBound] = UInt8(ascii: "T")
        let changed = try attempt("altered.kithbundle", altered)
        #expect(
            changed.status != 0 && changed.stderr.contains("changed after the bundle was signed"), "\(changed.summary)")
        let cut = try attempt("cut.kithbundle", original.dropLast(5))
        #expect(cut.status != 0 && cut.stderr.contains("is damaged or not a Kith bundle file"), "\(cut.summary)")
        let climbing = try attempt("climb.kithbundle", Data("KITHBUNDLE1\n1\n../../evil.lua\n2\nx\n".utf8))
        #expect(
            climbing.status != 0 && climbing.stderr.contains("names a file a bundle may not hold"),
            "\(climbing.summary)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("xdg/evil.lua")))
        let other = try attempt("other.kithbundle", Data("PK\u{3}\u{4} a zip".utf8))
        #expect(
            other.status != 0 && other.stderr.contains("does not start as a Kith bundle file does"), "\(other.summary)")
        #expect(installed(sandbox).isEmpty, "nothing installed from any of them")

        let done = try sandbox.succeed(["plugins", "install", file, "--yes"]).stdout
        #expect(done.contains("(trusted)") && done.contains("Installed packed"), "\(done)")
        #expect(installed(sandbox) == ["packed"])
    }
}
