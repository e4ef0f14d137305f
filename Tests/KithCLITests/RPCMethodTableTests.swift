import Foundation
import KithCore
import KithLua
import KithRPC
import Testing

/// The JSON-RPC method table is the one declaration of what a front end can reach: each
/// method's access comes from the permission gate (Lua-backed) or is declared beside it
/// (native), and the reference for front-end authors lists exactly these methods.
@Suite("the JSON-RPC method table")
struct RPCMethodTableTests {
    @Test("every method backed by the Lua API calls a function the gate declares, with the gate's access")
    func luaBackedMethodsUseTheGate() {
        for method in RPCMethods.all {
            guard let path = method.luaFunction else { continue }
            #expect(APIGate.functions[path] != nil, "\(method.name) calls \(path), which the gate does not declare")
            #expect(APIGate.functions[path] == method.access, "\(method.name) has another access than \(path)")
            #expect(path == "kith." + method.name, "\(method.name) mirrors the Lua name")
        }
    }

    @Test("no method reaches files or another script-only function, and names are unique")
    func nothingScriptOnly() {
        #expect(Set(RPCMethods.all.map(\.name)).count == RPCMethods.all.count)
        for method in RPCMethods.all { #expect(method.access != .scriptOnly, "\(method.name)") }
    }

    @Test("docs/front-ends.md lists every method, and no method that does not exist")
    func documented() throws {
        let doc = try String(
            contentsOf: KithSandbox.packageRoot.appendingPathComponent("docs/front-ends.md"), encoding: .utf8)
        for method in RPCMethods.all {
            #expect(doc.contains("| `\(method.name)` |"), "docs/front-ends.md lacks \(method.name)")
        }
        let methods = doc.components(separatedBy: "### Methods").last ?? ""
        let listed = methods.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap {
            $0.split(separator: "`").dropFirst().first.map(String.init)
        }
        let known = Set(RPCMethods.all.map(\.name) + ["rpc.discover"])
        for name in listed { #expect(known.contains(name), "docs/front-ends.md lists \(name), which is no method") }
    }
}
