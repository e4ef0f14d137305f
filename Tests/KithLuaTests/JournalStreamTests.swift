import Foundation
import KithCore
import Testing
@testable import KithLua

@Suite("kith.journal.each")
struct JournalStreamTests {
    @Test("streams every entry once, oldest first, across pages, with filters")
    func streamsInOrder() throws {
        let lua = try LuaHarness()
        try lua.store.transaction {
            for i in 0..<1000 {
                var e = NewJournalEntry()
                e.at = KithTime.formatInstant(LuaHarness.now - Int64(1000 - i) * 3600)
                e.text = "entry \(i)"
                e.tags = i % 3 == 0 ? ["three"] : []
                _ = try lua.store.addJournalEntry(e)
            }
        }
        try lua.run(
            """
            local n, previous = 0, ""
            for e in kith.journal.each() do
              assert(e.at >= previous, "order")
              assert(e.text == "entry " .. n, e.text)
              previous, n = e.at, n + 1
            end
            assert(n == 1000, n)
            local tagged = 0
            for e in kith.journal.each{ tag = "three" } do tagged = tagged + 1 end
            assert(tagged == 334, tagged)
            local since = 0
            for _ in kith.journal.each{ since = "2026-03-01T00:00:00Z" } do since = since + 1 end
            assert(since == 10, since)
            -- breaking out early is fine, and the iterator is collected
            for e in kith.journal.each() do break end
            """)
    }

    @Test("memory stays flat however many entries it walks")
    func constantMemory() throws {
        let lua = try LuaHarness()
        try lua.store.transaction {
            for i in 0..<6000 {
                var e = NewJournalEntry()
                e.at = KithTime.formatInstant(LuaHarness.now - Int64(6000 - i) * 60)
                e.text = String(repeating: "x", count: 200)
                e.tags = ["a", "b"]
                e.metrics = ["stress": .integer(3)]
                _ = try lua.store.addJournalEntry(e)
            }
        }
        let out = try lua.output(
            """
            local peak, n = 0, 0
            for e in kith.journal.each() do
              n = n + 1
              if n % 100 == 0 then peak = math.max(peak, collectgarbage("count")) end
            end
            local all = kith.journal.list()
            print(n, peak, collectgarbage("count"))
            """)
        let fields = out[0].split(separator: "\t").compactMap { Double($0) }
        #expect(fields[0] == 6000)
        // Streaming holds one page; the full list holds all 6000 entries.
        #expect(fields[1] < 4096, "peak while streaming: \(fields[1]) KiB")
        #expect(fields[2] > fields[1] * 2, "the full list should need far more than the stream")
    }

    @Test("a bad filter is reported at the caller's line")
    func badFilter() throws {
        let lua = try LuaHarness()
        let error = try #require(lua.error("\nfor e in kith.journal.each{ tagg = 'x' } do end"))
        #expect(error.message.hasPrefix("test.lua:2: kith.journal.each: unknown field 'tagg'"), "\(error.message)")
    }
}
