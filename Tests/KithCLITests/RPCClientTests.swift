import Foundation
import Testing

/// `kith rpc` from a front end written in another language: scripts/rpc_client_check.py starts
/// the binary as a child process and checks a person's day, every kind of malformed and
/// hostile message, and change notifications from another process.
@Suite("kith rpc: JSON-RPC 2.0 from a Python client")
struct RPCClientTests {
    @Test("a Python client drives kith rpc through a day, malformed input and another process's writes")
    func pythonClient() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/rpc_client_check.py").path
        let plugins = KithSandbox.packageRoot.appendingPathComponent("plugins").path
        let result = try runProcess(
            "/usr/bin/env", ["python3", checker, KithSandbox.binary],
            environment: sandbox.environment(overrides: ["KITH_BUNDLED_PLUGINS": plugins]),
            currentDirectory: sandbox.root)
        #expect(result.status == 0, "\(result.summary)")
        let summary = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Int]
        #expect((summary?["checks"] ?? 0) >= 100, "\(result.summary)")
    }
}
