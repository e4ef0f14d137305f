import Foundation
import KithCore
import Testing
@testable import KithLua
import KithReports

@Suite("kith.reports from Lua")
struct ReportAPITests {
    @Test("a report defined in Lua runs with params and renders in every format")
    func defineAndRun() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.journal.add{ at = "2026-02-27", mood = 4 }
            kith.journal.add{ at = "2026-02-28", mood = 2 }
            kith.reports.define{ id = "clinic-weekly", title = "Weekly check-in", description = "For the clinic",
              reads = { "journal.read" }, build = function(ctx, params)
                local n, sum, x, values = 0, 0, {}, {}
                for e in kith.journal.each{ since = params.since, ["until"] = params["until"] } do
                  n, sum = n + 1, sum + e.mood
                  x[#x + 1] = e.at:sub(1, 10); values[#values + 1] = e.mood
                end
                return { title = "Weekly check-in for " .. (params.client or "?"), blocks = {
                  { kind = "heading", text = "Mood" },
                  { kind = "text", text = ("Average mood %.1f (%d entries)."):format(sum / n, n) },
                  { kind = "metric", label = "Days with contact", value = 5, note = "of 7" },
                  { kind = "list", items = { "Call Ana", "Group on Tuesday" } },
                  { kind = "table", columns = { "Day", "Mood" }, rows = { { "2026-02-27", 4 }, { "2026-02-28", 2 } } },
                  { kind = "chart", chart = "line", title = "Mood", x = x, series = { { name = "mood", values = values } } },
                } }
              end }
            local doc = kith.reports.run("clinic-weekly", { since = "2026-02-01", client = "Ana" })
            assert(doc.title == "Weekly check-in for Ana", doc.title)
            assert(doc.blocks[2].text == "Average mood 3.0 (2 entries).", doc.blocks[2].text)
            assert(doc.blocks[6].series[1].values[2] == 2)
            local found
            for _, r in ipairs(kith.reports.list()) do if r.id == "clinic-weekly" then found = r end end
            assert(found and found.plugin == "test.lua" and found.description == "For the clinic")
            assert(kith.reports.run("coverage").title == "Support coverage")
            """)
        let doc = try lua.store.runReport("clinic-weekly", params: ["since": "2026-02-01", "client": "Bo"])
        #expect(doc.title == "Weekly check-in for Bo")
        for format in ReportFormat.allCases { #expect(!format.render(doc).isEmpty, "\(format)") }
        #expect(ReportFormat.csv.render(doc) == "Day,Mood\r\n2026-02-27,4\r\n2026-02-28,2\r\n")
    }

    @Test("a malformed document is rejected pointing at the block; an erroring report names file and line")
    func malformed() throws {
        let lua = try LuaHarness()
        try lua.run(
            """
            kith.reports.define{ id = "bad-kind", title = "x", build = function() return { title = "x", blocks = { { kind = "text", text = "ok" }, { kind = "pie" } } } end }
            kith.reports.define{ id = "bad-row", title = "x", build = function()
              return { title = "x", blocks = { { kind = "table", columns = { "a", "b" }, rows = { { 1, 2 }, { 3 } } } } }
            end }
            kith.reports.define{ id = "boom", title = "x", build = function()
              error("no data")
            end }
            """)
        let kind = #expect(throws: LuaError.self) { try lua.store.runReport("bad-kind") }
        #expect(
            kind?.description
                == "[test.lua] report 'bad-kind' returned a malformed document: block 2: unknown kind 'pie'; known kinds: heading, text, metric, list, table, chart, contacts"
        )
        let row = #expect(throws: LuaError.self) { try lua.store.runReport("bad-row") }
        #expect(row?.description.hasSuffix("block 1 (table): row 2 has 1 cells, but the table has 2 columns") == true)
        let boom = #expect(throws: LuaError.self) { try lua.store.runReport("boom") }
        #expect(boom?.description == "[test.lua] test.lua:6: no data")
        #expect(lua.error("kith.reports.run('nope')")?.message.contains("There is no report 'nope'") == true)
    }
}
