import Foundation
import Testing

/// `kith doctor` as a person meets it: each problem named, with what to do.
@Suite("kith doctor")
struct DoctorTests {
    private func findings(_ result: ProcessResult) throws -> [String: [String: Any]] {
        let list = try #require(
            try JSONSerialization.jsonObject(with: result.stdoutData) as? [[String: Any]], "\(result.summary)")
        return Dictionary(list.map { ($0["check"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test("a sound store passes, with the crisis line and contacts it lacks named as warnings and how to set them")
    func soundStore() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.kith(["doctor", "--json"])
        #expect(result.status == 0, "\(result.summary)")
        let f = try findings(result)
        for check in [
            "store", "store file mode", "store folder mode", "side files", "integrity", "schema", "store identity",
            "time zone", "plugins",
        ] {
            #expect(f[check]?["status"] as? String == "ok", "\(check): \(String(describing: f[check]))")
        }
        #expect(
            f["crisis line"]?["status"] as? String == "warn"
                && (f["crisis line"]?["action"] as? String)?.contains("kith plan crisis-line") == true)
        #expect(
            f["crisis contacts"]?["status"] as? String == "warn"
                && (f["crisis contacts"]?["action"] as? String)?.contains("--crisis") == true)
        let text = try sandbox.kith(["doctor"])
        #expect(text.stdout.hasSuffix("Nothing broken; 2 to look at.\n"), "\(text.stdout)")
    }

    @Test("loose modes, an unknown TZ and a broken plugin are warnings with the fix; a missing or damaged store fails")
    func problems() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: sandbox.storePath)
        let folder = sandbox.path("plugins/broken")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"broken\"\nname = \"B\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try "error('nope')".write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let result = try sandbox.kith(
            ["doctor", "--json", "--plugins", sandbox.path("plugins")], environment: ["TZ": "Mars/Olympus"])
        #expect(result.status == 0, "warnings only: \(result.summary)")
        let f = try findings(result)
        #expect(
            f["store file mode"]?["status"] as? String == "warn"
                && (f["store file mode"]?["action"] as? String) == "chmod 600 '\(sandbox.storePath)'")
        #expect(
            f["time zone"]?["status"] as? String == "warn"
                && (f["time zone"]?["detail"] as? String)?.contains("Mars/Olympus") == true)
        #expect(
            f["plugin broken"]?["status"] as? String == "warn"
                && (f["plugin broken"]?["action"] as? String)?.contains("kith plugins disable broken") == true)

        let missing = try sandbox.kith(["doctor"], store: sandbox.path("nope/kith.sqlite"))
        #expect(
            missing.status == 1 && missing.stdout.contains("FAIL  store: there is no store at")
                && missing.stdout.contains("kith init"), "\(missing.summary)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("nope")))

        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: sandbox.storePath))
        try Data("not a log".utf8).write(to: URL(fileURLWithPath: sandbox.storePath + "-wal"))
        let damaged = try sandbox.kith(["doctor"])
        #expect(
            damaged.status == 1 && damaged.stdout.contains("FAIL  store: it cannot be opened")
                && damaged.stdout.contains("kith restore FILE"), "\(damaged.summary)")
    }
}
