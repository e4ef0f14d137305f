import Foundation
import KithCore
import Testing
@testable import KithLua

@Suite("kith.schedule and kith.reminders from Lua")
struct ScheduleAPITests {
    @Test("schedule.add and occurrences follow the contract")
    func schedule() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.people.add{ name = "Harbor Peer Group", type = "peer", kind = "group" }
            local e = kith.schedule.add{ title = "Tuesday group", person = "Harbor Peer Group", starts = "2026-03-03T19:00:00Z",
              duration_minutes = 90, ["repeat"] = { freq = "weekly", interval = 1, byday = { "TU" } }, remind_minutes_before = 60 }
            assert(e.id == 1 and e.person_id == 1 and e.starts == "2026-03-03T19:00:00Z" and e["repeat"].byday[1] == "TU")
            kith.schedule.add{ title = "Check-in call", starts = "2026-03-05T15:00:00Z", ["repeat"] = { freq = "daily", count = 2 } }
            local list = kith.schedule.occurrences{ since = "2026-03-01", ["until"] = "2026-03-11" }
            local seen = {}
            for _, o in ipairs(list) do seen[#seen + 1] = o.title .. "@" .. o.starts end
            assert(table.concat(seen, " ") == "Tuesday group@2026-03-03T19:00:00Z Check-in call@2026-03-05T15:00:00Z "
              .. "Check-in call@2026-03-06T15:00:00Z Tuesday group@2026-03-10T19:00:00Z", table.concat(seen, " "))
            assert(list[1].ends == "2026-03-03T20:30:00Z" and list[1].event_id == 1 and list[1].person_id == 1)
            assert(#kith.schedule.list() == 2)
            kith.schedule.remove(2)
            assert(#kith.schedule.list() == 1)
            """)
        #expect(
            lua.error(
                "kith.schedule.add{ title = 'x', starts = '2026-03-03T19:00:00Z', ['repeat'] = { freq = 'yearly' } }")?
                .message.contains("kith.schedule.add: field 'freq' must be one of 'daily', 'weekly', 'monthly'") == true
        )
        #expect(
            lua.error(
                "kith.schedule.add{ title = 'x', starts = '2026-03-03T19:00:00Z', ['repeat'] = { freq = 'weekly', byday = { 'XX' } } }"
            )?
            .message.contains("field 'repeat.byday'") == true)
    }

    @Test("reminders.define rules show in reminders.due with their source; a broken rule is skipped with a warning")
    func reminders() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.people.add{ name = "Ana", type = "family", circle = "inner", cadence_days = false }
            kith.reminders.define{ id = "hello", title = "Hello", check = function(ctx)
              return { { key = ctx.today, title = "Say hello to Ana", due = ctx.today, person = "Ana", priority = "high" } }
            end }
            kith.reminders.define{ id = "broken", title = "Broken", check = function(ctx) error("rule bug") end }
            kith.reminders.define{ id = "bad-shape", title = "Bad", check = function(ctx) return { { title = "no key" } } end }
            local due = kith.reminders.due()
            assert(#due == 1, #due)
            assert(due[1].source == "test.lua/hello" and due[1].key == "2026-03-01" and due[1].priority == "high")
            assert(due[1].person_id == 1 and due[1].title == "Say hello to Ana" and due[1].due == "2026-03-01")
            """)
        #expect(
            lua.logged.contains { $0.contains("test.lua:5: rule bug (reminder rule test.lua/broken skipped)") },
            "\(lua.logged)")
        #expect(lua.logged.contains { $0.contains("reminder rule 'bad-shape' must return a list") }, "\(lua.logged)")
    }
}
