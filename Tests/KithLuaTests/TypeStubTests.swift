import Foundation
import KithCore
import Testing
@testable import KithLua

@Suite("type stubs")
struct TypeStubTests {
    @Test("the kith.lua stubs declare exactly the functions the bridge registers")
    func stubsMatchBridge() throws {
        let stubURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/KithPlugins/Resources/kith.lua")
        let stub = try String(contentsOf: stubURL, encoding: .utf8)
        let declared = Set(
            stub.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("function kith.") else { return nil }
                return String(line.dropFirst("function ".count).prefix { $0 != "(" })
            })
        let lua = try LuaHarness()
        let registered = Set(lua.state.functions.map(\.name))
        #expect(registered.count >= 30)
        #expect(
            registered.subtracting(declared).isEmpty,
            "missing from the stubs: \(registered.subtracting(declared).sorted())")
        #expect(
            declared.subtracting(registered).isEmpty,
            "declared but not registered: \(declared.subtracting(registered).sorted())")
    }
}
