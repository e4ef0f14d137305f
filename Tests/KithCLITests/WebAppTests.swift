import Foundation
import Testing

/// `kith serve` in a real browser: scripts/web_check.py drives headless Chromium through a
/// person's day, checks the server's security from outside, runs axe-core on every page, writes
/// screenshots of every page at 360 and 1280 px (into .build/web-screenshots), and reads the
/// store back through the CLI.
@Suite("kith serve: the web app in a real browser")
struct WebAppTests {
    @Test("a day in the web app, its security from outside, accessibility, and the store afterwards")
    func browserDay() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let root = KithSandbox.packageRoot
        let shots = root.appendingPathComponent(".build/web-screenshots").path
        let plugins = root.appendingPathComponent("plugins").path
        let result = try runProcess(
            "/usr/bin/env",
            ["python3", root.appendingPathComponent("scripts/web_check.py").path, KithSandbox.binary, shots],
            environment: sandbox.environment(overrides: ["KITH_BUNDLED_PLUGINS": plugins]),
            currentDirectory: sandbox.root)
        #expect(result.status == 0, "\(result.summary)")
        let summary = try JSONSerialization.jsonObject(with: result.stdoutData) as? [String: Any]
        #expect((summary?["checks"] as? Int ?? 0) >= 39, "\(result.summary)")
    }
}
