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

    /// What each thread saw, gathered under a lock.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var rows: [(limit: Double, kind: LuaError.Kind?, seconds: Double, started: Date)] = []
        func add(_ row: (limit: Double, kind: LuaError.Kind?, seconds: Double, started: Date)) {
            lock.withLock { rows.append(row) }
        }
    }

    @Test("four states on four real threads, all running at once, each stop at their own limit")
    func ownLimits() throws {
        let limits = [0.2, 0.6, 0.4, 1.0]
        let results = Results()
        let ready = DispatchGroup(), done = DispatchGroup()
        let go = DispatchSemaphore(value: 0)
        for limit in limits {
            ready.enter(); done.enter()
            // Real threads, not the cooperative pool (which runs two at a time on two cores),
            // released together so the four loops overlap and share the one watchdog.
            let thread = Thread {
                ready.leave()
                go.wait()
                let started = Date()
                let outcome = Result { try Self.loop(timeout: limit) }
                let (kind, seconds) = (try? outcome.get()) ?? (nil, -1)
                results.add((limit, kind, seconds, started))
                done.leave()
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        ready.wait()
        for _ in limits { go.signal() }
        done.wait()
        #expect(results.rows.count == limits.count)
        let starts = results.rows.map(\.started)
        let spread = starts.max()!.timeIntervalSince(starts.min()!)
        #expect(spread < 0.15, "the four loops did not start together (\(spread) s apart), so they did not overlap")
        for row in results.rows {
            #expect(row.kind == .timeout, "limit \(row.limit)")
            #expect(
                row.seconds >= row.limit,
                "limit \(row.limit) s, stopped after \(row.seconds) s: another state's deadline stopped it")
            // The watchdog wakes at the deadline; what remains is scheduling four busy threads on
            // the machine's cores.
            #expect(row.seconds < row.limit + 0.5, "limit \(row.limit) s, stopped only after \(row.seconds) s")
        }
    }

    @Test("a finished call's deadline stops nothing later, and a state without a limit runs on")
    func clearedDeadlines() throws {
        let quick = try LuaHarness(timeout: 0.3)
        try quick.run("local x = 0 for i = 1, 10 do x = x + i end")  // armed, then cleared at once
        Thread.sleep(forTimeInterval: 0.4)  // the old deadline passes while idle
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
