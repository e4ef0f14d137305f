import CKithLua
import Foundation
import Synchronization

/// What the process does in the one case no deadline check reaches: Lua code still inside C a
/// grace period (3 s) after its time limit. Every known long-running C path checks the deadline,
/// so this is a last line. The CLI ends the process (committed data is safe, every write is a
/// transaction); a front end that embeds the library and must never exit asks to be told
/// instead, and the call then ends as a time-limit error whenever the C code returns.
public enum LuaLastResort: Sendable {
    /// End the process with status 124 and a message naming the plugin or script.
    case endProcess
    /// Call `report` with the plugin's or script's name (on the watchdog's thread; it must not
    /// call into Lua), and let the call end with an error once it can.
    case report(@Sendable (_ who: String) -> Void)

    /// Sets the policy for every Lua state of this process.
    public static func set(_ policy: LuaLastResort) {
        switch policy {
        case .endProcess:
            reporter.withLock { $0 = nil }
            ckith_set_stuck_handler(nil)
        case .report(let handler):
            reporter.withLock { $0 = handler }
            ckith_set_stuck_handler { who, _ in
                let name = who.map { String(cString: $0) } ?? "lua"
                LuaLastResort.reporter.withLock { $0 }?(name)
            }
        }
    }

    private static let reporter = Mutex<(@Sendable (String) -> Void)?>(nil)
}
