import Foundation
import Testing

/// The Lua that clinics copy passes luacheck (Debian's lua-check, installed by scripts/setup.sh
/// --test) with the repository's .luacheckrc: every bundled plugin and its specs, the example
/// scripts, and a plugin fresh from `kith plugins new`.
@Suite("luacheck over the Lua clinics copy")
struct LuaStyleTests {
    /// Runs luacheck on `paths` in `folder`, with `config` (nil: the folder's own .luacheckrc).
    func luacheck(
        _ paths: [String], in folder: URL,
        config: String? = KithSandbox.packageRoot.appendingPathComponent(".luacheckrc").path
    ) throws -> ProcessResult {
        let tool = try #require(
            systemTool("luacheck"), "luacheck is needed (scripts/setup.sh --test installs lua-check)")
        return try runProcess(
            tool, ["--no-color"] + (config.map { ["--config", $0] } ?? []) + paths,
            environment: ProcessInfo.processInfo.environment, currentDirectory: folder)
    }

    @Test("bundled plugins, their specs and the example scripts have no warning")
    func bundled() throws {
        let result = try luacheck(["plugins", "scripts/examples"], in: KithSandbox.packageRoot)
        #expect(result.status == 0 && result.stdout.contains("0 warnings / 0 errors"), "\(result.summary)")
    }

    @Test("a plugin made by kith plugins new has no warning, and luacheck does catch a mistake in it")
    func scaffold() throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        try sandbox.succeed(["plugins", "new", "Clinic Check-in", "--in", sandbox.path("work")])
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: sandbox.path("work")).first)
        let plugin = sandbox.path("work/" + folder)
        // Checked in its folder with the configuration it came with, as a clinic runs it.
        let clean = try luacheck(["."], in: URL(fileURLWithPath: plugin), config: nil)
        #expect(clean.status == 0 && clean.stdout.contains("0 warnings / 0 errors"), "\(clean.summary)")
        // The check can fail: a global written by mistake is caught.
        let file = plugin + "/init.lua"
        try ("count = 1\n" + String(contentsOfFile: file, encoding: .utf8)).write(
            toFile: file, atomically: true, encoding: .utf8)
        let caught = try luacheck(["."], in: URL(fileURLWithPath: plugin), config: nil)
        #expect(
            caught.status != 0 && caught.stdout.contains("setting non-standard global variable 'count'"),
            "\(caught.summary)")
    }
}
