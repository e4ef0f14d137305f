import Foundation
import Testing

/// Plugins as a user meets them: folders on the plugin path, picked up by every command.
@Suite("kith plugins: extending Kith without recompiling")
struct CLIPluginTests {
    static let bundled = KithSandbox.packageRoot.appendingPathComponent("plugins").path

    func copyPlugin(_ name: String, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.bundled + "/" + name, toPath: folder + "/" + name)
    }

    @Test("a plugin in the user's plugin folder adds a support type every command accepts")
    func userFolder() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try copyPlugin("twelve-step", to: sandbox.path("xdg/kith/plugins"))
        let added = try jsonObject(sandbox.succeed(["people", "add", "Dee", "--type", "sponsor", "--json"]))
        #expect(added["type"] as? String == "sponsor")
        #expect(added["cadence_days"] as? Int == 3)
        let types = try jsonObjects(sandbox.succeed(["types", "--json"]))
        let sponsor = try #require(types.first { $0["id"] as? String == "sponsor" })
        #expect(sponsor["plugin"] as? String == "twelve-step")
        #expect(try sandbox.succeed(["types"]).stdout.contains("plugin twelve-step"))
    }

    @Test("a plugin metric is accepted on the command line and its handler tags the entry")
    func metricAndHandler() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let unknown = try sandbox.kith(["journal", "add", "--metric", "meetings_attended=1"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown metric \"meetings_attended\""))
        let env = ["KITH_PLUGIN_PATH": Self.bundled]
        let added = try sandbox.kith(
            ["journal", "add", "Group tonight", "--metric", "meetings_attended=1", "--json"], environment: env)
        #expect(added.status == 0, "\(added.summary)")
        let entries = try jsonObjects(sandbox.kith(["journal", "list", "--json"], environment: env))
        #expect(entries.first?["tags"] as? [String] == ["meeting"])
        let refused = try sandbox.kith(["journal", "add", "--metric", "meetings_attended=12"], environment: env)
        #expect(
            refused.stderrLines == ["error: field 'metrics.meetings_attended' must be an integer from 0 to 10, got 12"],
            "\(refused.summary)")
    }

    @Test("a broken plugin is reported once with its reason and everything else works")
    func brokenPlugin() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("extra/broken")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"broken\"\nname = \"Broken\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try "kith.metrics.define{ id = 'x', name = 'X', kind = 'integer' }\nlocal t = nil\nprint(t.x)\n".write(
            toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let result = try sandbox.kith(["people", "add", "Ana", "--type", "family", "--plugins", sandbox.path("extra")])
        #expect(result.status == 0, "\(result.summary)")
        #expect(
            result.stderrLines == [
                "kith: plugin 'broken' did not load: [broken] init.lua:3: attempt to index a nil value (local 't') (see 'kith plugins list')"
            ],
            "\(result.summary)")
        let list = try jsonObjects(sandbox.succeed(["plugins", "list", "--json", "--plugins", sandbox.path("extra")]))
        #expect(list.first?["status"] as? String == "failed")
        #expect((list.first?["reason"] as? String)?.contains("init.lua:3:") == true)
    }

    @Test("plugins list, info, disable and enable")
    func management() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let env = ["KITH_PLUGIN_PATH": Self.bundled]
        let list = try jsonObjects(sandbox.kith(["plugins", "list", "--json"], environment: env))
        let ids = Set(list.compactMap { $0["id"] as? String })
        #expect(ids.isSuperset(of: ["twelve-step", "peer-online"]))
        #expect(list.allSatisfy { $0["status"] as? String == "loaded" })
        let twelve = try #require(list.first { $0["id"] as? String == "twelve-step" })
        #expect(twelve["version"] as? String == "1.0.0")
        #expect((twelve["permissions"] as? [String])?.contains("journal.write") == true)
        let info = try sandbox.kith(["plugins", "info", "twelve-step"], environment: env)
        #expect(info.stdout.contains("Defines:") && info.stdout.contains("sponsor"), "\(info.summary)")

        #expect(try sandbox.kith(["plugins", "disable", "twelve-step"], environment: env).status == 0)
        let disabled = try jsonObjects(sandbox.kith(["plugins", "list", "--json"], environment: env))
        #expect(disabled.first { $0["id"] as? String == "twelve-step" }?["status"] as? String == "disabled")
        #expect(try sandbox.kith(["people", "add", "Dee", "--type", "sponsor"], environment: env).status != 0)
        #expect(try sandbox.kith(["plugins", "enable", "twelve-step"], environment: env).status == 0)
        #expect(try sandbox.kith(["people", "add", "Dee", "--type", "sponsor"], environment: env).status == 0)

        let unknown = try sandbox.kith(["plugins", "disable", "nope"], environment: env)
        #expect(unknown.status != 0 && unknown.stderr.contains("No plugin 'nope'"))
    }

    @Test("plugins new scaffolds a plugin whose specs pass, and plugins test reports failures")
    func scaffoldAndTest() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let created = try sandbox.succeed(["plugins", "new", "Med Check"])
        #expect(created.stdout.contains("med-check"))
        let passing = try sandbox.succeed(["plugins", "test", "med-check"])
        #expect(passing.stdout.hasSuffix("3 passed, 0 failed\n"), "\(passing.summary)")
        // The new plugin works in a real command.
        let entry = try jsonObject(
            sandbox.succeed([
                "journal", "add", "--metric", "med_check_done=true", "--json", "--plugins", sandbox.root.path,
            ]))
        #expect((entry["metrics"] as? [String: Any])?["med_check_done"] as? Bool == true)

        try "it('fails', function() assert.equals(1, 2) end)\n".write(
            toFile: sandbox.path("med-check/spec/extra_spec.lua"), atomically: true, encoding: .utf8)
        let failing = try sandbox.kith(["plugins", "test", "med-check"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("FAIL  fails"))
        #expect(failing.stdout.contains("spec/extra_spec.lua:1: expected 1, got 2"))
        #expect(failing.stdout.hasSuffix("3 passed, 1 failed\n"), "\(failing.summary)")
    }

    @Test("plugins test runs the plugin's code with its own permissions: a manifest missing one fails its specs")
    func specsUseThePluginsPermissions() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("tagger")
        try FileManager.default.createDirectory(atPath: folder + "/spec", withIntermediateDirectories: true)
        let manifest = { (permissions: String) in
            "id = \"tagger\"\nname = \"Tagger\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\(permissions)]\n"
        }
        try manifest("\"journal.read\"").write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try "kith.on('journal.added', function(e) kith.journal.update(e.id, { tags = { 'seen' } }) end)\n"
            .write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        // The spec itself may write the journal (it sets up data with every permission); the
        // handler it triggers may not, so the tag never comes.
        try """
        it("tags new entries", function()
          local e = kith.journal.add{ text = "hello" }
          assert.same({ "seen" }, kith.journal.get(e.id).tags)
        end)
        """.write(toFile: folder + "/spec/tagger_spec.lua", atomically: true, encoding: .utf8)
        let denied = try sandbox.kith(["plugins", "test", folder])
        #expect(denied.status == 1 && denied.stdout.hasSuffix("0 passed, 1 failed\n"), "\(denied.summary)")
        #expect(
            denied.stderr.contains("journal.write"), "the handler's refusal names the permission: \(denied.summary)")
        try manifest("\"journal.read\", \"journal.write\"").write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        let granted = try sandbox.kith(["plugins", "test", folder])
        #expect(granted.status == 0 && granted.stdout.hasSuffix("1 passed, 0 failed\n"), "\(granted.summary)")
    }

    @Test("without KITH_PLUGIN_TIMEOUT a plugin's init.lua is stopped at the documented 2 s")
    func defaultPluginTimeLimit() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let folder = sandbox.path("plugins/spin")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"spin\"\nname = \"Spin\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try "while true do end\n".write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        var environment = sandbox.environment(overrides: ["KITH_PLUGIN_PATH": sandbox.path("plugins")])
        environment.removeValue(forKey: "KITH_PLUGIN_TIMEOUT")
        let start = Date()
        let result = try runProcess(
            KithSandbox.binary, ["people", "list"], environment: environment, currentDirectory: sandbox.root)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 0, "the command still runs: \(result.summary)")
        #expect(result.stderr.contains("time limit of 2 s reached"), "\(result.summary)")
        #expect(seconds >= 2 && seconds < 3.5, "took \(seconds) s")
    }

    @Test("the bundled plugins pass their specs")
    func bundledSpecs() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for plugin in ["twelve-step", "peer-online"] {
            let result = try sandbox.kith(["plugins", "test", Self.bundled + "/" + plugin])
            #expect(result.status == 0, "\(plugin): \(result.summary)")
            #expect(result.stdout.contains(" passed, 0 failed"))
        }
    }
}
