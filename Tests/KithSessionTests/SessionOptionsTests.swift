import Foundation
import KithCore
import KithSession
import Testing

/// How a session completes what a front end was told: options first, then the environment,
/// then the settings file, then Kith's defaults; a bad value names where it came from.
@Suite("session options")
struct SessionOptionsTests {
    func options(now: String? = nil, store: String? = nil, environment: [String: String]) -> KithSession.Options {
        var options = KithSession.Options()
        options.now = now
        options.store = store
        options.environment = environment
        return options
    }

    @Test("--now wins over $KITH_NOW, and a bad value names where it came from")
    func clock() throws {
        let environment = ["KITH_NOW": "2026-03-01T09:30:00Z"]
        #expect(try KithSession.clock(options(environment: environment)).now() == 1_772_357_400)
        #expect(
            try KithSession.clock(options(now: "2026-03-01T10:30:00Z", environment: environment)).now() == 1_772_361_000
        )
        let fromFlag = #expect(throws: KithError.self) {
            _ = try KithSession.clock(options(now: "soon", environment: [:]))
        }
        #expect(fromFlag?.field == "--now")
        let fromEnvironment = #expect(throws: KithError.self) {
            _ = try KithSession.clock(options(environment: ["KITH_NOW": "later"]))
        }
        #expect(fromEnvironment?.field == "KITH_NOW")
    }

    @Test("the store path: the option, then $KITH_STORE, then the settings file, then the data folder")
    func storePath() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kith-session-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/.config/kith", withIntermediateDirectories: true)
        let base = ["HOME": home]
        let none = try KithConfig.load(environment: base)
        #expect(
            KithSession.storePath(options(environment: base), settings: none) == (
                home + "/.local/share/kith/kith.sqlite", "default"
            ))
        try "store = \"~/k.sqlite\"\n".write(
            toFile: home + "/.config/kith/config.toml", atomically: true, encoding: .utf8)
        let settings = try KithConfig.load(environment: base)
        #expect(
            KithSession.storePath(options(environment: base), settings: settings) == (
                home + "/k.sqlite", "settings file"
            ))
        let env = base.merging(["KITH_STORE": "/tmp/e.sqlite"]) { $1 }
        #expect(KithSession.storePath(options(environment: env), settings: settings) == ("/tmp/e.sqlite", "KITH_STORE"))
        #expect(
            KithSession.storePath(options(store: "/tmp/o.sqlite", environment: env), settings: settings) == (
                "/tmp/o.sqlite", "--store"
            ))
    }

    @Test("a session opens a new store only when asked, loads plugins, and its store file is whole after close")
    func openAndClose() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-session-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var o = options(store: folder + "/s.sqlite", environment: ["HOME": folder, "KITH_BUNDLED_PLUGINS": ""])
        #expect(throws: KithError.self) { _ = try KithSession.open(o) }
        o.creating = true
        let session = try KithSession.open(o)
        _ = try session.store.addPerson(NewPerson(name: "Ana", type: "family"))
        #expect(session.plugins.records.isEmpty)
        session.close()
        #expect(FileManager.default.fileExists(atPath: folder + "/s.sqlite"))
    }
}
