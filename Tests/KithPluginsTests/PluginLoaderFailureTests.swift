import Foundation
import KithCore
import KithLua
import Testing
@testable import KithPlugins

/// Every way a plugin can fail to load: each is reported with its reason, nothing it did
/// before failing stays behind, and the plugins around it load.
@Suite("plugin loader failure paths")
struct PluginLoaderFailureTests {
    @Test("missing files, text that is not UTF-8, and init.lua that loops or exhausts memory while loading")
    func failures() throws {
        let f = try PluginFixture()
        try f.plugin("a-good", "kith.metrics.define{ id = 'good', name = 'Good', kind = 'integer' }")
        try f.plugin("b-no-init", "")
        try FileManager.default.removeItem(atPath: f.pluginsFolder + "/b-no-init/init.lua")
        try f.plugin("c-latin1", "")
        try Data([0x2D, 0x2D, 0x20, 0x63, 0x61, 0x66, 0xE9, 0x0A]).write(
            to: URL(fileURLWithPath: f.pluginsFolder + "/c-latin1/init.lua"))
        try f.plugin("d-toml-latin1", "")
        try Data("id = \"d\"\nname = \"caf\u{E9}\"\n".utf8.map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 })
            .write(to: URL(fileURLWithPath: f.pluginsFolder + "/d-toml-latin1/plugin.toml"))
        try f.plugin("e-loops", "kith.metrics.define{ id = 'e', name = 'E', kind = 'integer' } while true do end")
        try f.plugin(
            "f-hungry",
            "kith.metrics.define{ id = 'f', name = 'F', kind = 'integer' } local t = {} for i = 1, 1e9 do t[i] = {} end"
        )
        // A folder with no plugin.toml is not a plugin (a notes folder, say): skipped, not an error.
        try FileManager.default.createDirectory(atPath: f.pluginsFolder + "/g-notes", withIntermediateDirectories: true)
        try "print('never run')".write(toFile: f.pluginsFolder + "/g-notes/init.lua", atomically: true, encoding: .utf8)
        let host = f.host(timeout: 0.3)
        let byID = Dictionary(uniqueKeysWithValues: host.records.map { ($0.id, $0) })
        #expect(byID["a-good"]?.status == .loaded)
        #expect(byID["b-no-init"]?.failure == "init.lua: cannot be read", "\(String(describing: byID["b-no-init"]))")
        #expect(byID["c-latin1"]?.failure == "init.lua: is not UTF-8 text")
        #expect(byID["d-toml-latin1"]?.failure == "plugin.toml: is not UTF-8 text", "\(host.records.map(\.id))")
        #expect(
            byID["e-loops"]?.failure?.contains("time limit of 0.3 s reached") == true,
            "\(String(describing: byID["e-loops"]?.failure))")
        #expect(
            byID["f-hungry"]?.failure?.contains("memory limit of 16 MiB reached") == true,
            "\(String(describing: byID["f-hungry"]?.failure))")
        #expect(byID["g-notes"] == nil && host.records.count == 6)
        #expect(f.store.catalog.metric("good") != nil)
        #expect(
            f.store.catalog.metric("e") == nil && f.store.catalog.metric("f") == nil, "a failed plugin's metric stayed")
    }

    @Test("everything a failed plugin registered before failing is withdrawn, its handlers included")
    func withdrawal() throws {
        let f = try PluginFixture()
        try f.plugin(
            "half", permissions: ["journal.read", "journal.write"],
            """
            kith.support_types.define{ id = "coach", name = "Coach", dimensions = { "practical" } }
            kith.metrics.define{ id = "steps", name = "Steps", kind = "integer" }
            kith.reminders.define{ id = "r", title = "R", check = function(ctx) return {} end }
            kith.reports.define{ id = "half-report", title = "H", reads = {}, build = function() return { title = "H", blocks = {} } end }
            kith.importers.define{ id = "half-import", description = "H", import = function(text, ctx) return {} end }
            kith.assessments.define{ id = "half-q", title = "Q", choices = { { value = 0, label = "no" } },
              items = { { id = "1", text = "x" } }, score = function(a) return { total = 0 } end }
            kith.on("journal.added", function(e) kith.journal.update(e.id, { tags = { "handled" } }) end)
            error("broken after registering")
            """)
        let host = f.host()
        #expect(host.records.first?.failure == "[half] init.lua:9: broken after registering", "\(host.records)")
        let catalog = f.store.catalog
        #expect(catalog.supportType("coach") == nil && catalog.metric("steps") == nil)
        #expect(!catalog.reminderRules.contains { $0.source.hasPrefix("half/") })
        #expect(!catalog.reports.contains { $0.id == "half-report" })
        #expect(!catalog.importers.contains { $0.id == "half-import" })
        #expect(!catalog.assessments.contains { $0.id == "half-q" })
        var entry = NewJournalEntry()
        entry.text = "after"
        let added = try f.store.addJournalEntry(entry)
        #expect(try f.store.journalEntry(added.id)?.tags == [], "the failed plugin's handler ran")
        withExtendedLifetime(host) {}
    }

    @Test("the plugin path's folders are searched in order: an id in an earlier folder shadows the same id later")
    func precedenceAcrossOrigins() throws {
        let f = try PluginFixture()
        let user = f.root.appendingPathComponent("user").path, bundled = f.root.appendingPathComponent("bundled").path
        for (folder, metric) in [(user, "mine"), (bundled, "theirs")] {
            let dir = folder + "/twelve-step"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "id = \"twelve-step\"\nname = \"T\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
                toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
            try "kith.metrics.define{ id = '\(metric)', name = 'M', kind = 'integer' }".write(
                toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
        }
        let host = PluginHost(store: f.store)
        host.loadAll(
            path: PluginPath(folders: [.init(path: user, origin: "user"), .init(path: bundled, origin: "bundled")]))
        #expect(host.records.map(\.origin) == ["user", "bundled"])
        #expect(host.records.map(\.status) == [.loaded, .shadowed(by: user + "/twelve-step")])
        #expect(f.store.catalog.metric("mine") != nil && f.store.catalog.metric("theirs") == nil)
    }

    @Test("two plugins defining one id are both set aside, each record naming the other")
    func sameDefinitionTwice() throws {
        let f = try PluginFixture()
        for name in ["p-one", "p-two"] {
            try f.plugin(name, "kith.metrics.define{ id = 'shared', name = '\(name)', kind = 'integer' }")
        }
        let host = f.host()
        let statuses = host.records.map(\.status)
        #expect(statuses.allSatisfy { if case .conflict = $0 { return true } else { return false } }, "\(statuses)")
        #expect(f.store.catalog.metric("shared") == nil, "a contested id must not be used")
    }
}
