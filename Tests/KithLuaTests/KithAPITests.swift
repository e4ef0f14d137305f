import Foundation
import KithCore
import Testing
@testable import KithLua

/// The `kith` API of docs/lua-api.md sections 3 and 4, exercised from Lua.
@Suite("kith API from Lua")
struct KithAPITests {
    @Test("scalars and dates follow the contract")
    func scalarsAndDates() throws {
        let lua = try LuaHarness()
        let out = try lua.output(
            """
            print(kith.api_version, kith.version, kith.plugin)
            print(kith.now(), kith.today())
            print(kith.date.add("2026-02-27", 3), kith.date.add("2026-03-01", -1))
            print(kith.date.diff("2026-03-01", "2026-02-01"), kith.date.diff("2026-01-01", "2026-01-08"))
            print(kith.date.weekday("2026-03-02"), kith.date.weekday("2026-03-08"))
            """)
        #expect(
            out == ["1\t0.1.0\tnil", "2026-03-01T10:00:00Z\t2026-03-01", "2026-03-02\t2026-02-28", "28\t-7", "1\t7"])
        #expect(
            lua.error("kith.date.add('2026-02-30', 1)")?.message.contains("kith.date.add: field 'date' must be a date")
                == true)
    }

    @Test("people.add applies defaults and people.list filters and sorts by name")
    func people() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            local ana = kith.people.add{ name="Ana", type="family", circle="inner", provides={"practical","emotional"}, phone="+1 555 0100" }
            assert(ana.id == 1 and ana.kind == "person" and ana.cadence_days == 7, "defaults")
            assert(ana.provides[1] == "emotional" and ana.provides[2] == "practical", "provides sorted")
            assert(ana.crisis == false and ana.archived == false and ana.email == nil and ana.last_interaction_at == nil)
            local group = kith.people.add{ name="Harbor Peer Group", type="peer", kind="group", cadence_days=false }
            assert(group.cadence_days == nil and group.circle == "middle")
            kith.people.add{ name="Bo", type="friend", circle="outer", provides={"informational"} }
            local names = {}
            for _, p in ipairs(kith.people.list()) do names[#names + 1] = p.name end
            assert(table.concat(names, ",") == "Ana,Bo,Harbor Peer Group", table.concat(names, ","))
            assert(#kith.people.list{ circle="inner" } == 1)
            assert(#kith.people.list{ provides="informational" } == 2)
            assert(#kith.people.list{ type="peer" } == 1)
            assert(kith.people.get("Ana").phone == "+1 555 0100" and kith.people.get(1).name == "Ana")
            assert(kith.people.get("Nobody") == nil)
            local changed = kith.people.update("Ana", { circle="middle", phone=false, notes="sister" })
            assert(changed.circle == "middle" and changed.phone == nil and changed.notes == "sister")
            kith.people.archive("Bo")
            assert(#kith.people.list() == 2 and #kith.people.list{ archived=true } == 1)
            """)
        #expect(try lua.store.people(PeopleFilter(archived: nil)).count == 3)
    }

    @Test("a returned record is a snapshot: changing it changes nothing stored")
    func snapshots() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            local p = kith.people.add{ name="Ana", type="family" }
            p.name = "Changed"
            assert(kith.people.get(p.id).name == "Ana")
            """)
    }

    @Test("interactions.log and list, newest first, by person and period")
    func interactions() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.people.add{ name="Ana", type="family" }
            kith.people.add{ name="Dee", type="peer" }
            local i = kith.interactions.log{ person="Ana", channel="call", received={"emotional"}, helpfulness=4, note="job" }
            assert(i.person_id == 1 and i.at == "2026-03-01T10:00:00Z" and i.received[1] == "emotional" and #i.gave == 0)
            kith.interactions.log{ person=2, at="2026-02-20", channel="group_meeting" }
            kith.interactions.log{ person="Ana", at="2026-02-25T08:00:00+01:00", channel="text" }
            local all = kith.interactions.list()
            assert(#all == 3 and all[1].channel == "call" and all[3].channel == "group_meeting")
            assert(#kith.interactions.list{ person="Ana" } == 2)
            assert(#kith.interactions.list{ since="2026-02-24", ["until"]="2026-02-28" } == 1)
            assert(kith.interactions.list{ limit=1 }[1].note == "job")
            assert(kith.interactions.list{ person="Ana", limit=1 }[1].at == "2026-03-01T10:00:00Z")
            assert(kith.people.get("Ana").last_interaction_at == "2026-03-01T10:00:00Z")
            """)
    }

    @Test("journal add, get, update, list follow the contract")
    func journal() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.people.add{ name="Ana", type="family" }
            local e = kith.journal.add{ mood=4, text="Good day at group.", tags={"work","group"}, metrics={ sleep_hours=7.5, craving=2 }, people={"Ana"} }
            assert(e.id == 1 and e.mood == 4 and e.tags[1] == "group" and e.metrics.sleep_hours == 7.5 and e.metrics.craving == 2)
            assert(e.people[1] == 1 and e.at == kith.now())
            local u = kith.journal.update(e.id, { tags={"calm"}, metrics={ stress=3 }, mood=3 })
            assert(u.tags[1] == "calm" and #u.tags == 1 and u.metrics.stress == 3 and u.metrics.craving == 2 and u.mood == 3)
            assert(kith.journal.get(e.id).text == "Good day at group.")
            assert(kith.journal.get(99) == nil)
            kith.journal.add{ at="2026-02-20", mood=2, tags={"calm"} }
            kith.journal.add{ at="2026-02-10T09:00:00Z", text="older" }
            local list = kith.journal.list()
            assert(#list == 3 and list[1].id == 1 and list[3].text == "older")
            assert(#kith.journal.list{ tag="calm" } == 2)
            assert(#kith.journal.list{ since="2026-02-15" } == 2)
            assert(#kith.journal.list{ ["until"]="2026-02-20" } == 2)
            assert(kith.journal.list{ limit=1 }[1].id == 1)
            """)
    }

    @Test("misuse raises an error naming the function and the field")
    func misuseErrors() throws {
        let lua = try LuaHarness()
        let cases: [(String, String)] = [
            ("kith.journal.add{ mood=9 }", "kith.journal.add: field 'mood' must be an integer from 1 to 5, got 9"),
            ("kith.journal.add{ mood=2.5 }", "kith.journal.add: field 'mood' must be an integer from 1 to 5, got 2.5"),
            ("kith.journal.add{ mod=3 }", "kith.journal.add: unknown field 'mod'"),
            (
                "kith.journal.add{ metrics={ nope=1 } }",
                "kith.journal.add: field 'metrics' has an unknown metric \"nope\""
            ),
            (
                "kith.journal.add{ metrics={ craving=11 } }",
                "kith.journal.add: field 'metrics.craving' must be an integer from 0 to 10, got 11"
            ),
            ("kith.journal.add{ at='last week', mood=3 }", "kith.journal.add: field 'at' must be a date"),
            (
                "kith.people.add{ name='Zed', type='sponsor' }",
                "kith.people.add: field 'type' must be a known support type"
            ),
            (
                "kith.people.add{ name='Zed', type='friend', circle='close' }",
                "kith.people.add: field 'circle' must be one of 'inner', 'middle', 'outer'"
            ),
            ("kith.people.add{ type='friend' }", "kith.people.add: field 'name' is required"),
            ("kith.people.add('Zed')", "kith.people.add: field 'person' must be a table, got string"),
            (
                "kith.interactions.log{ person='Sam', channel='call' }",
                #"kith.interactions.log: No one named "Sam" is in your network"#
            ),
            (
                "kith.interactions.log{ person=1, channel='pigeon' }",
                "kith.interactions.log: field 'channel' must be one of"
            ),
            ("kith.interactions.list{ since='2026-13-01' }", "kith.interactions.list: field 'since' must be a date"),
            ("kith.journal.list{ limit=0 }", "kith.journal.list: field 'limit' must be a positive integer"),
        ]
        try lua.run("kith.people.add{ name='Ana', type='family' }")
        for (code, expected) in cases {
            let error = try #require(lua.error(code), "expected an error from \(code)")
            #expect(error.message.hasPrefix("test.lua:1: "), "\(error.message)")
            #expect(error.message.contains(expected), "\(code) -> \(error.message)")
        }
        #expect(try lua.store.journalEntries().isEmpty)
    }

    @Test("metrics.define and support_types.define extend what writes accept")
    func definitions() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.metrics.define{ id="meds_taken", name="Took medication", kind="boolean" }
            kith.support_types.define{ id="sponsor", name="Sponsor", description="A twelve-step sponsor", dimensions={"emotional","informational"}, default_cadence_days=3 }
            local e = kith.journal.add{ metrics={ meds_taken=true } }
            assert(e.metrics.meds_taken == true)
            local dee = kith.people.add{ name="Dee", type="sponsor" }
            assert(dee.cadence_days == 3 and dee.provides[2] == "informational")
            local found
            for _, t in ipairs(kith.support_types.list()) do if t.id == "sponsor" then found = t end end
            assert(found and found.builtin == false and found.default_cadence_days == 3)
            assert(#kith.metrics.list() == 4)
            """)
        #expect(
            lua.error("kith.journal.add{ metrics={ meds_taken='yes' } }")?.message.contains("must be true or false")
                == true)
        #expect(
            lua.error("kith.metrics.define{ id='craving', name='x', kind='integer' }")?.message.contains(
                "already a metric") == true)
    }

    @Test("json round-trips values with sorted keys and rejects what JSON cannot hold")
    func json() throws {
        let lua = try LuaHarness()
        let out = try lua.output(
            """
            print(kith.json.encode({ b = { 1, 2.5, "x" }, a = true, c = { d = "q\\"t" } }))
            local v = kith.json.decode('{"n": 3, "list": [1, null, 2], "s": "é"}')
            print(v.n, math.type(v.n), v.list[1], v.list[2], v.list[3], v.s)
            """)
        #expect(out == [#"{"a":true,"b":[1,2.5,"x"],"c":{"d":"q\"t"}}"#, "3\tinteger\t1\tnil\t2\té"])
        #expect(
            lua.error("kith.json.encode({ 1, x = 2 })")?.message.contains("mixes list items and named fields") == true)
        #expect(
            lua.error("kith.json.decode('{oops')")?.message.contains("kith.json.decode: field 'text' is not valid JSON")
                == true)
    }

    @Test("store.get and store.set persist per script")
    func pluginStore() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            assert(kith.store.get("count") == nil)
            kith.store.set("count", 3)
            kith.store.set("state", { last = "2026-03-01", seen = { 1, 2 } })
            assert(kith.store.get("count") == 3 and kith.store.get("state").seen[2] == 2)
            kith.store.set("count", nil)
            assert(kith.store.get("count") == nil)
            """)
        #expect(
            try lua.store.pluginValue(owner: "script:test.lua", key: "state") == #"{"last":"2026-03-01","seen":[1,2]}"#)
    }

    @Test("log lines go to the log, prefixed with the script name")
    func logging() throws {
        let lua = try LuaHarness()
        try lua.run("kith.log.info('hello') kith.log.warn('careful')")
        #expect(lua.logged == ["[test.lua] info: hello", "[test.lua] warning: careful"])
    }
}
