import Foundation
import Testing
@testable import KithLua

/// One watchdog thread serves every state in the process (watchdog.c): each state must be
/// stopped at its own limit, not at another state's, and a state without a limit not at all.
@Suite("Watchdog shared by many states")
struct WatchdogTests {
    /// Runs an endless loop in a state with `timeout`; returns the error kind and the seconds it ran.
    private static func loop(timeout: Double) throws -> (LuaError.Kind?, Double) {
        let lua = try LuaHarness(timeout: timeout)
        let start = Date()
        let kind = lua.error("while true do end")?.kind
        return (kind, Date().timeIntervalSince(start))
    }

    @Test("states on different threads stop at their own limits")
    func ownLimits() async throws {
        let limits = [0.2, 0.6, 0.4, 1.0]
        let results = try await withThrowingTaskGroup(of: (Double, LuaError.Kind?, Double).self) { group in
            for limit in limits {
                group.addTask { let (kind, seconds) = try Self.loop(timeout: limit); return (limit, kind, seconds) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == limits.count)
        for (limit, kind, seconds) in results {
            #expect(kind == .timeout, "limit \(limit)")
            #expect(seconds >= limit, "limit \(limit) s, stopped after \(seconds) s: another state's deadline stopped it")
            #expect(seconds < limit + 2, "limit \(limit) s, stopped only after \(seconds) s")
        }
    }

    @Test("a finished call's deadline stops nothing later, and a state without a limit runs on")
    func clearedDeadlines() throws {
        let quick = try LuaHarness(timeout: 0.3)
        try quick.run("local x = 0 for i = 1, 10 do x = x + i end")   // armed, then cleared at once
        Thread.sleep(forTimeInterval: 0.4)                             // the old deadline passes while idle
        // A stale armed hook would stop this at its first instruction; a loop of ~20 ms keeps far
        // inside the 0.3 s limit even on a loaded machine (os.clock counts every thread's CPU).
        #expect(try quick.output("for i = 1, 2e6 do end print('done')") == ["done"])
        let busy = "local t = os.clock() while os.clock() - t < 0.5 do end print('done')"
        #expect(try LuaHarness().output(busy) == ["done"])
        // The quick state's next endless call still gets stopped, and the one after runs.
        #expect(quick.error("while true do end")?.kind == .timeout)
        #expect(try quick.output("print('again')") == ["again"])
    }
}
