import Foundation
import Testing

/// Every `kith.*` function, called from `kith run` with extreme arguments (huge and negative
/// integers, NaN, infinities, -0.0, huge, empty and invalid UTF-8 strings, NULs, deep, cyclic,
/// sparse and huge-key tables, wrong types). Each function runs in its own child process,
/// and the script prints each call's number first, so a crash names the call that caused it.
@Suite("API fuzz: no value from Lua ends the process")
struct APIFuzzTests {
    static let script = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures/api-fuzz/extremes.lua").path

    /// Every function reachable from the `kith` table, as the script sees it.
    func functions(_ sandbox: KithSandbox) throws -> [String] {
        let walk = sandbox.path("walk.lua")
        try """
        local seen = {}
        local function walk(t, prefix)
          for k, v in pairs(t) do
            if type(v) == "function" then print(prefix .. k)
            elseif (type(v) == "userdata" or type(v) == "table") and not seen[v] then seen[v] = true; walk(v, prefix .. k .. ".") end
          end
        end
        walk(kith, "kith.")
        """.write(toFile: walk, atomically: true, encoding: .utf8)
        return try sandbox.succeed(["run", walk]).stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("every kith.* function ends each extreme call in a result or a clean Lua error")
    func extremeArguments() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let names = try functions(sandbox)
        #expect(names.count >= 45, "\(names)")
        for name in names {
            let result = try sandbox.kith(["run", "--timeout", "30", Self.script, name])
            let lines = result.stdout.split(separator: "\n")
            #expect(
                result.status == 0,
                "\(name) died after \(lines.last { $0.hasPrefix("call ") } ?? "no call"): \(result.summary)")
            #expect(lines.last == "done 259", "\(name): \(lines.suffix(2))")
            #expect(
                !result.stdout.contains("LEAK"),
                "\(name) showed a table address: \(lines.filter { $0.hasPrefix("LEAK") }.prefix(3))")
            #expect(try integrityCheck(sandbox.storePath) == "ok")
        }
    }
}
