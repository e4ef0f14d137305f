import Foundation
import Testing

/// A Lua error is a longjmp, and jumping across Swift frames is undefined
/// behaviour. Swift may only use API calls that cannot raise (except out of memory).
@Suite("bridge safety")
struct BridgeSafetyTests {
    /// Calls that raise directly, and calls that run metamethods (__index, __newindex, __len,
    /// __tostring, __name, __eq/__lt/__le, __concat, arithmetic), which may raise anything.
    /// `lua_next` stays allowed: it is raw, and Swift never changes a table it walks.
    static let forbidden = [
        "luaL_check", "luaL_error", "lua_error(", "lua_call(", "lua_callk(", "lua_getfield(",
        "lua_setfield(", "lua_gettable(", "lua_settable(", "luaL_openlibs", "lua_getglobal(", "lua_setglobal(",
        "lua_geti(", "lua_seti(", "lua_len(", "luaL_len(", "luaL_tolstring(", "lua_compare(", "lua_concat(",
        "lua_arith(", "luaL_getmetafield(", "luaL_callmeta(", "lua_getiuservalue(", "luaL_ref(",
    ]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Sources")
    }

    @Test("no Swift source calls a Lua API function that can raise")
    func noRaisingCallsInSwift() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
        var checked = 0
        var hits: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            checked += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for name in Self.forbidden where line.contains(name) {
                    hits.append("\(url.lastPathComponent):\(n + 1): \(name)")
                }
            }
        }
        #expect(checked > 20, "found only \(checked) Swift files under \(Self.sources.path)")
        #expect(hits.isEmpty, "\(hits)")
    }

    @Test("the check catches each forbidden call, however the line is written")
    func checkCatches() {
        // The list is what the check looks for: a name missing from it would let the call through.
        for call in [
            "lua_geti(L, -1, 1)", "lua_len(L, 1)", "luaL_tolstring(L, 1, nil)", "lua_compare(L, 1, 2, LUA_OPEQ)",
            "lua_concat(L, 2)", "lua_arith(L, LUA_OPADD)", "lua_seti(L, -2, 3)", "lua_getfield(L, 1, \"x\")",
        ] {
            #expect(Self.forbidden.contains { call.contains($0) }, "\(call) would pass the check")
        }
    }

    @Test("the C bridge never opens every library")
    func noOpenLibs() throws {
        let bridge = Self.sources.appendingPathComponent("CKithLua")
        let files = try FileManager.default.contentsOfDirectory(at: bridge, includingPropertiesForKeys: nil).filter {
            $0.pathExtension == "c"
        }
        #expect(!files.isEmpty)
        for file in files {
            #expect(
                !(try String(contentsOf: file, encoding: .utf8)).contains("luaL_openlibs("), "\(file.lastPathComponent)"
            )
        }
    }
}
