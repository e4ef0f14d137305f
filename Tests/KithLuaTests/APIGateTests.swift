import Foundation
import KithCore
import Testing
@testable import KithLua

/// The one permission gate: every function the bridge registers and every event is declared in
/// `APIGate`, and a plugin with no permissions is refused by each function that needs one.
@Suite("the permission gate")
struct APIGateTests {
    func pluginState(_ permissions: Set<Permission>) throws -> (LuaState, [String]) {
        let store = try KithStore.inMemory(clock: .fixed(LuaHarness.now, timeZone: TimeZone(identifier: "UTC")!))
        let state = try LuaState(
            identity: .plugin(
                id: "probe", version: "1.0.0", directory: NSTemporaryDirectory(), permissions: permissions),
            store: store, limits: .plugin)
        var logged: [String] = []
        state.log = { logged.append($0) }
        return (state, logged)
    }

    @Test("every registered function is declared in the gate table, and the table names nothing unregistered")
    func everyFunctionDeclared() throws {
        let lua = try LuaHarness()
        let (plugin, _) = try pluginState([])
        for registered in [Set(lua.state.registeredFunctionNames), Set(plugin.registeredFunctionNames)] {
            #expect(registered.count >= 40)
            let undeclared = registered.subtracting(APIGate.functions.keys)
            #expect(undeclared.isEmpty, "registered without a declared permission: \(undeclared.sorted())")
            let stale = Set(APIGate.functions.keys).subtracting(registered)
            #expect(stale.isEmpty, "declared but not registered: \(stale.sorted())")
        }
    }

    @Test(
        "every function reachable from the kith table in Lua is one the bridge registered or a bootstrap wrapper of one"
    )
    func luaSideWalk() throws {
        let lua = try LuaHarness()
        let reachable = try lua.output(
            """
            local seen = {}
            local function walk(t, prefix)
              for k, v in pairs(t) do
                local name = prefix .. k
                if type(v) == "function" then print(name)
                elseif type(v) == "userdata" or type(v) == "table" then
                  if not seen[v] then seen[v] = true; walk(v, name .. ".") end
                end
              end
            end
            walk(kith, "kith.")
            """)
        let undeclared = Set(reachable).subtracting(APIGate.functions.keys)
        #expect(reachable.count >= 40)
        #expect(undeclared.isEmpty, "reachable from Lua but not in the gate table: \(undeclared.sorted())")
    }

    @Test("each event of a committed change is declared with the permission of its data")
    func everyEventDeclared() throws {
        let store = try KithStore.inMemory()
        final class Recorder: @unchecked Sendable { var changes: [StoreChange] = [] }
        let recorder = Recorder()
        store.observe { recorder.changes.append($0) }
        _ = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        _ = try store.logInteraction(NewInteraction(person: .name("Ana"), channel: .call))
        var entry = NewJournalEntry()
        entry.text = "a line"
        _ = try store.addJournalEntry(entry)
        let events = recorder.changes.compactMap(LuaState.event(of:))
        #expect(events == ["person.added", "interaction.logged", "journal.added"])
        for event in events { #expect(APIGate.events[event] != nil, "\(event) has no declared permission") }
        #expect(APIGate.events.values.allSatisfy { $0.rawValue.hasSuffix(".read") })
        #expect(LuaState.events == Set(APIGate.events.keys))
    }

    @Test("a plugin with no permissions is refused by every function that needs one, before its arguments are read")
    func refusedWithoutPermission() throws {
        let (plugin, _) = try pluginState([])
        for (name, access) in APIGate.functions.sorted(by: { $0.key < $1.key }) {
            guard case .needs(let permissions) = access else { continue }
            let error = try #require(throwing(plugin, "\(name)()"), "\(name) ran for a plugin without permissions")
            #expect(
                error.contains("\(name): plugin 'probe' lacks permission '\(permissions[0].rawValue)'"),
                "\(name): \(error)")
        }
        for name in ["kith.files.read", "kith.files.write", "kith.files.lines"] {
            let error = try #require(throwing(plugin, "\(name)('x')"))
            #expect(error.contains("is for scripts only"), "\(name): \(error)")
        }
    }

    @Test("a plugin holding a permission passes the gate for exactly the functions that need it")
    func grantedPermissionPasses() throws {
        let (plugin, _) = try pluginState([.peopleRead])
        #expect(throwing(plugin, "return kith.people.list()") == nil)
        #expect(throwing(plugin, "kith.journal.list()")?.contains("lacks permission 'journal.read'") == true)
    }

    func throwing(_ state: LuaState, _ code: String) -> String? {
        do { try state.run(code, chunkName: "probe.lua"); return nil } catch let e as LuaError {
            return e.message
        } catch { return "\(error)" }
    }
}
