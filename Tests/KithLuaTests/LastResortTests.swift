import CKithLua
import Foundation
import Testing
@testable import KithLua

/// The watchdog's last line, for a state still busy a grace period (3 s) after its deadline:
/// no known Lua input reaches it (every long C path checks the deadline), so the test holds a
/// state "busy" from Swift, as C code would. An embedding front end asks to be told instead of
/// having the process end.
@Suite("the last resort")
struct LastResortTests {
    final class Reports: @unchecked Sendable {
        let lock = NSLock()
        var names: [String] = []
        func add(_ name: String) { lock.withLock { names.append(name) } }
    }

    @Test("with a report policy, a state stuck past its deadline is reported by name and the process goes on")
    func reportInsteadOfExit() throws {
        let reports = Reports()
        LuaLastResort.set(.report { reports.add($0) })
        defer { LuaLastResort.set(.endProcess) }
        let lua = try LuaHarness(timeout: 0.1)
        ckith_set_deadline(lua.state.L, 0.1, "stuck-probe")
        Thread.sleep(forTimeInterval: 3.6)  // past the deadline and the 3 s grace
        ckith_clear_deadline(lua.state.L)
        #expect(reports.names == ["stuck-probe"])
        #expect(try lua.output("print('still here')") == ["still here"])
    }

    @Test("load refuses a chunk larger than 8 MiB instead of compiling it past the deadline")
    func hugeChunk() throws {
        let lua = try LuaHarness(timeout: 0.5, memoryMiB: 64)
        #expect(
            try lua.output("local f, err = load(string.rep('x = 1 ', 1500000)) print(f, err)")
                == ["nil\tload: chunks larger than 8 MiB are not compiled in Kith"])
    }
}
