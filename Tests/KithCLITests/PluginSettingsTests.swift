import Foundation
import Testing

/// Plugin settings as a person, a clinic and a hostile plugin author meet them: declared in
/// plugin.toml, set and listed through the binary, read by the plugin through kith.settings.
@Suite("plugin settings: declared, checked when set and when read")
struct PluginSettingsTests {
    /// Writes a plugin folder under `root` with `settings` appended to its manifest.
    func plugin(
        _ sandbox: KithSandbox, root: String = "xdg/kith/plugins", id: String = "goals",
        permissions: String = "[]",
        settings: String, _ initLua: String
    ) throws {
        let dir = sandbox.path("\(root)/\(id)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try
            "id = \"\(id)\"\nname = \"\(id)\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = \(permissions)\n\(settings)"
            .write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
        try initLua.write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
    }

    static let declared = """
        [settings.weekly]
        type = "integer"
        default = 3
        min = 1
        max = 14
        description = "Meetings a week to aim for"

        [settings.part]
        type = "text"
        default = "evening"
        choices = ["morning", "evening"]
        description = "When to remind"

        [settings.gentle]
        type = "boolean"
        default = true
        description = "Softer wording"
        """

    static let reader = """
        kith.log.warn(("weekly=%s part=%s gentle=%s"):format(
          kith.settings.get("weekly"), kith.settings.get("part"), tostring(kith.settings.get("gentle"))))
        """

    @Test("set, listed and read back; a value the declaration refuses keeps nothing and says what it takes")
    func setAndRead() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try plugin(sandbox, settings: Self.declared, Self.reader)
        #expect(try sandbox.kith(["types"]).stderr.contains("weekly=3 part=evening gentle=true"))
        try sandbox.succeed(["plugins", "set", "goals", "weekly", "5"])
        try sandbox.succeed(["plugins", "set", "goals", "part", "morning"])
        try sandbox.succeed(["plugins", "set", "goals", "gentle", "no"])
        for (key, bad, takes) in [
            ("weekly", "15", "a whole number from 1 to 14"), ("weekly", "2.5", "a whole number from 1 to 14"),
            ("part", "noon", "one of morning, evening"), ("gentle", "maybe", "true or false"),
        ] {
            let refused = try sandbox.kith(["plugins", "set", "goals", key, bad])
            #expect(refused.status != 0, "\(refused.summary)")
            #expect(
                refused.stderr.hasSuffix(
                    "\nerror: setting '\(key)' of plugin 'goals' must be \(takes), got \"\(bad)\"\n"),
                "\(refused.summary)")
        }
        #expect(try sandbox.kith(["types"]).stderr.contains("weekly=5 part=morning gentle=false"))
        let info = try sandbox.succeed(["plugins", "info", "goals"]).stdout
        #expect(
            info.contains("weekly = 5 (a whole number from 1 to 14; default 3): Meetings a week to aim for"), "\(info)")
        let json =
            try JSONSerialization.jsonObject(
                with: Data(try sandbox.succeed(["plugins", "info", "goals", "--json"]).stdout.utf8)) as? [String: Any]
        let settings = json?["settings"] as? [[String: Any]] ?? []
        #expect(settings.map { $0["key"] as? String } == ["gentle", "part", "weekly"], "\(settings)")
        let unknown = try sandbox.kith(["plugins", "set", "goals", "daily", "1"])
        #expect(
            unknown.status != 0 && unknown.stderr.contains("its settings: gentle, part, weekly"), "\(unknown.summary)")
    }

    @Test("a declaration that contradicts itself stops the plugin loading, naming plugin.toml and the setting")
    func badDeclarations() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        for (settings, says) in [
            (
                "[settings.n]\ntype = \"integer\"\ndefault = 20\nmax = 9\ndescription = \"d\"",
                "field 'settings.n' default: must be a whole number of at most 9, got \"20\""
            ),
            ("[settings.n]\ntype = \"date\"\ndefault = 1\ndescription = \"d\"", "needs a type"),
            ("[settings.n]\ntype = \"text\"\ndefault = \"a\"\nmin = 1\ndescription = \"d\"", "only integer and number"),
            ("[settings.n]\ntype = \"integer\"\ndefault = 1", "needs a description"),
            ("[settings.N-1]\ntype = \"integer\"\ndefault = 1\ndescription = \"d\"", "a setting's name must be"),
            ("[settings.n]\ntype = \"integer\"\ndefault = 1\ndescription = \"d\"\nmax = nan", "'max' must be a number"),
        ] {
            try plugin(sandbox, settings: settings, "")
            let result = try sandbox.kith(["types"])
            #expect(result.stderr.contains("goals") && result.stderr.contains("plugin.toml"), "\(result.summary)")
            #expect(result.stderr.contains(says), "\(settings) -> \(result.summary)")
        }
    }

    @Test("a kept value a newer version no longer accepts is never used: the plugin is told, and so is the person")
    func narrowedDeclaration() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try plugin(sandbox, settings: Self.declared, Self.reader)
        try sandbox.succeed(["plugins", "set", "goals", "weekly", "12"])
        try plugin(sandbox, settings: Self.declared.replacingOccurrences(of: "max = 14", with: "max = 7"), Self.reader)
        let result = try sandbox.kith(["types"])
        #expect(!result.stderr.contains("weekly=12"), "\(result.summary)")
        #expect(
            result.stderr.contains("setting 'weekly' of plugin 'goals' must be a whole number from 1 to 7, got \"12\""),
            "\(result.summary)")
        #expect(
            try sandbox.succeed(["plugins", "info", "goals"]).stdout.contains("weekly = (not valid: set it again)"))
        try plugin(sandbox, settings: Self.declared, "kith.settings.get('nope')")
        #expect(try sandbox.kith(["types"]).stderr.contains("names no declared setting: \"nope\""))
        let script = sandbox.path("s.lua")
        try "print(pcall(kith.settings.get, 'weekly'))".write(toFile: script, atomically: true, encoding: .utf8)
        #expect(try sandbox.succeed(["run", script]).stdout.contains("false"), "a script declares no settings")
    }

    @Test("a setting is no way round the stored-data gate: a plugin reusing an id cannot read what the first derived")
    func settingsKeepTheStoredDataGate() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        try sandbox.succeed(["journal", "add", "private words about a hard night"])
        try plugin(
            sandbox, root: "honest", permissions: "[\"journal.read\"]", settings: "",
            "kith.store.set('part', kith.journal.list()[1].text)")
        try plugin(
            sandbox, root: "shadow",
            settings: "[settings.part]\ntype = \"text\"\ndefault = \"x\"\ndescription = \"d\"",
            "kith.log.warn('LEAK ' .. tostring(kith.settings.get('part')))")
        try sandbox.succeed(["types", "--plugins", sandbox.path("honest")])
        let result = try sandbox.kith(["types", "--plugins", sandbox.path("shadow")])
        #expect(!result.stderr.contains("private words"), "\(result.summary)")
        #expect(
            result.stderr.contains(
                "the data kept under 'goals' was written by a plugin with this id holding 'journal.read'"),
            "\(result.summary)")
    }
}
