import Foundation
import KithCore
import KithLua
import Testing
@testable import KithPlugins

@Suite("plugin loading, permissions, isolation and events")
struct PluginHostTests {
    @Test("a plugin's support type and metric are accepted by the store, with the plugin named")
    func contributions() throws {
        let f = try PluginFixture()
        try f.plugin(
            "steps",
            """
            kith.support_types.define{ id = "sponsor", name = "Sponsor", dimensions = { "emotional" }, default_cadence_days = 3 }
            kith.metrics.define{ id = "meds_taken", name = "Took medication", kind = "boolean" }
            """)
        let host = f.host()
        #expect(host.records.map(\.status) == [.loaded])
        #expect(f.store.catalog.supportType("sponsor")?.plugin == "steps")
        let dee = try f.store.addPerson(NewPerson(name: "Dee", type: "sponsor"))
        #expect(dee.cadenceDays == 3)
        var entry = NewJournalEntry()
        entry.metrics = ["meds_taken": .boolean(true)]
        #expect(try f.store.addJournalEntry(entry).metrics["meds_taken"] == .boolean(true))
    }

    @Test("a broken plugin is reported with its reason and the others still load")
    func brokenPlugins() throws {
        let f = try PluginFixture()
        try f.plugin("a-good", "kith.metrics.define{ id = 'good', name = 'Good', kind = 'integer' }")
        try f.plugin("b-syntax", "local x = = 1")
        try f.plugin("c-api", manifest: "id = \"c-api\"\nname = \"C\"\nversion = \"1.0.0\"\nkith_api = 2", "")
        try f.plugin("d-permission", permissions: ["people.read", "everything"], "")
        try f.plugin("e-runtime", "kith.metrics.define{ id = 'half', name = 'Half', kind = 'integer' }\nerror('boom')")
        let host = f.host()
        let byID = Dictionary(uniqueKeysWithValues: host.records.map { ($0.id, $0) })
        #expect(byID["a-good"]?.status == .loaded)
        #expect(
            byID["b-syntax"]?.failure?.hasPrefix("[b-syntax] init.lua:1:") == true,
            "\(String(describing: byID["b-syntax"]?.failure))")
        #expect(byID["c-api"]?.failure?.contains("this Kith provides version 1") == true)
        #expect(byID["d-permission"]?.failure?.contains("unknown permission 'everything'") == true)
        #expect(byID["e-runtime"]?.failure == "[e-runtime] init.lua:2: boom")
        // What a failed plugin defined before failing is withdrawn.
        #expect(f.store.catalog.metric("half") == nil)
        #expect(f.store.catalog.metric("good") != nil)
    }

    @Test("the earliest folder wins for the same id, and disabled plugins do not load")
    func orderAndDisabled() throws {
        let f = try PluginFixture()
        try f.plugin("first", id: "same", "kith.metrics.define{ id = 'first', name = 'F', kind = 'integer' }")
        try f.plugin("second", id: "same", "kith.metrics.define{ id = 'second', name = 'S', kind = 'integer' }")
        try f.plugin("off", "kith.metrics.define{ id = 'off', name = 'O', kind = 'integer' }")
        let host = f.host(disabled: ["off"])
        // Folders are read in name order: first, off, second.
        #expect(host.records.map(\.status) == [.loaded, .disabled, .shadowed(by: f.pluginsFolder + "/first")])
        #expect(
            f.store.catalog.metric("first") != nil && f.store.catalog.metric("second") == nil
                && f.store.catalog.metric("off") == nil)
    }

    @Test("a call outside the declared permissions fails with the contract's message")
    func permissions() throws {
        let f = try PluginFixture()
        try f.plugin(
            "clinic.x", permissions: ["journal.read"],
            """
            local ok, err = pcall(kith.people.list)
            kith.store.set("err", err)
            kith.store.set("journal", #kith.journal.list())
            """)
        _ = f.host()
        #expect(
            try f.store.pluginValue(owner: "clinic.x", key: "err")
                == #""kith.people.list: plugin 'clinic.x' lacks permission 'people.read'""#)
        #expect(try f.store.pluginValue(owner: "clinic.x", key: "journal") == "0")
    }

    @Test("plugins see neither each other's globals nor each other's stored keys")
    func isolation() throws {
        let f = try PluginFixture()
        try f.plugin("a", "shared = 'from a'\nkith.store.set('secret', 'a only')")
        try f.plugin(
            "b",
            """
            kith.store.set('saw_global', tostring(shared))
            kith.store.set('saw_key', tostring(kith.store.get('secret')))
            """)
        _ = f.host()
        #expect(try f.store.pluginValue(owner: "b", key: "saw_global") == #""nil""#)
        #expect(try f.store.pluginValue(owner: "b", key: "saw_key") == #""nil""#)
        #expect(try f.store.pluginValue(owner: "a", key: "secret") == #""a only""#)
    }

    @Test("handlers run after the write commits, receive the record, and failures harm nothing")
    func events() throws {
        let f = try PluginFixture()
        try f.plugin(
            "a-counter", permissions: ["journal.read", "people.read", "interactions.read"],
            """
            kith.on("journal.added", function(e)
              -- the entry is committed: it can be read back
              assert(kith.journal.get(e.id).text == e.text)
              kith.store.set("seen", (kith.store.get("seen") or 0) + 1)
            end)
            kith.on("person.added", function(p) kith.store.set("person", p.name) end)
            kith.on("interaction.logged", function(i) kith.store.set("channel", i.channel) end)
            """)
        try f.plugin(
            "b-failing", permissions: ["journal.read"],
            "kith.on('journal.added', function(e) local x = nil; return x.field end)")
        try f.plugin(
            "c-looping", permissions: ["journal.read"], "kith.on('journal.added', function(e) while true do end end)")
        try f.plugin(
            "d-hungry", permissions: ["journal.read"],
            "kith.on('journal.added', function(e) local t = {} for i = 1, 1e9 do t[i] = {} end end)")
        try f.plugin(
            "e-last", permissions: ["journal.read"],
            "kith.on('journal.added', function(e) kith.store.set('last', e.id) end)")
        let host = f.host(timeout: 0.3)
        #expect(host.failures.isEmpty)
        var entry = NewJournalEntry()
        entry.text = "a good day"
        let added = try f.store.addJournalEntry(entry)
        _ = try f.store.addPerson(NewPerson(name: "Ana", type: "family"))
        _ = try f.store.logInteraction(NewInteraction(person: .name("Ana"), channel: .call))
        #expect(try f.store.journalEntry(added.id)?.text == "a good day")
        #expect(try f.store.pluginValue(owner: "a-counter", key: "seen") == "1")
        #expect(try f.store.pluginValue(owner: "a-counter", key: "person") == #""Ana""#)
        #expect(try f.store.pluginValue(owner: "a-counter", key: "channel") == #""call""#)
        #expect(try f.store.pluginValue(owner: "e-last", key: "last") == String(added.id))
        #expect(f.reports.count == 3, "\(f.reports)")
        #expect(f.reports.contains { $0.hasPrefix("[b-failing] init.lua:1: attempt to index a nil value") })
        #expect(f.reports.contains { $0.hasPrefix("[c-looping] init.lua:1: time limit of 0.3 s reached") })
        #expect(f.reports.contains { $0.hasPrefix("[d-hungry] memory limit of 16 MiB reached") })
    }

    @Test("a handler's writes are kept but raise no events, so handlers cannot loop")
    func noEventLoops() throws {
        let f = try PluginFixture()
        try f.plugin(
            "echo", permissions: ["journal.write", "journal.read"],
            """
            kith.on("journal.added", function(e)
              kith.journal.add{ text = "echo of " .. e.id }
            end)
            """)
        let host = f.host()
        var entry = NewJournalEntry()
        entry.text = "first"
        _ = try f.store.addJournalEntry(entry)
        #expect(try f.store.journalEntries().map(\.text).sorted() == ["echo of 1", "first"], "\(f.reports)")
        withExtendedLifetime(host) {}
    }

    @Test(
        "a handler that fails after writing keeps none of its writes, and the user's entry stays",
        arguments: [
            "error('stopped halfway')", "while true do end", "local t = {} for i = 1, 1e9 do t[i] = {} end",
        ])
    func failedHandlerKeepsNothing(ending: String) throws {
        let f = try PluginFixture()
        try f.plugin(
            "half", permissions: ["journal.write", "journal.read", "people.write", "people.read"],
            """
            kith.on("journal.added", function(e)
              kith.store.set("started", e.id)
              kith.journal.update(e.id, { tags = { "handled" } })
              kith.people.add{ name = "Made by the handler", type = "friend" }
              \(ending)
            end)
            """)
        let host = f.host(timeout: 0.3)
        var entry = NewJournalEntry()
        entry.text = "mine"
        let added = try f.store.addJournalEntry(entry)
        #expect(
            f.reports.count == 1 && f.reports[0].hasPrefix("[half]"), "the handler failed as intended: \(f.reports)")
        #expect(try f.store.journalEntry(added.id)?.text == "mine", "the user's write stays")
        #expect(try f.store.journalEntry(added.id)?.tags == [], "the handler's tag was rolled back")
        #expect(
            try f.store.pluginValue(owner: "half", key: "started") == nil, "the handler's stored key was rolled back")
        #expect(try f.store.people(PeopleFilter(archived: nil)).isEmpty, "the handler's person was rolled back")
        withExtendedLifetime(host) {}
    }
}
