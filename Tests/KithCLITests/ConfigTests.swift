import Foundation
import Testing

/// The settings file as a person meets it: it names the default store, more plugin folders,
/// the crisis line and the first day of the week; options and the environment win over it;
/// `kith config` says where each value came from; a mistake in it is one clear line.
@Suite("settings file and kith config")
struct ConfigTests {
    func write(_ text: String, in sandbox: KithSandbox) throws {
        try FileManager.default.createDirectory(atPath: sandbox.path(".config/kith"), withIntermediateDirectories: true)
        try text.write(toFile: sandbox.path(".config/kith/config.toml"), atomically: true, encoding: .utf8)
    }

    /// No KITH_STORE, so the settings file can name the store.
    static let noStoreVariable = ["KITH_STORE": ""]

    @Test("the settings file names the store; --store and KITH_STORE win over it; kith config names each source")
    func store() throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        try write("store = \"~/recovery/kith.sqlite\"\n", in: sandbox)
        let created = try sandbox.kith(["init"], environment: Self.noStoreVariable)
        #expect(
            created.status == 0 && FileManager.default.fileExists(atPath: sandbox.path("recovery/kith.sqlite")),
            "\(created.summary)")
        #expect(
            try sandbox.kith(["people", "add", "Ana", "--type", "family"], environment: Self.noStoreVariable).status
                == 0)
        let shown = try jsonObject(sandbox.kith(["config", "--json"], environment: Self.noStoreVariable))
        let settings = shown["settings"] as? [[String: String]] ?? []
        #expect(settings.first { $0["name"] == "store" }?["source"] == "settings file")
        #expect(settings.first { $0["name"] == "store" }?["value"] == sandbox.path("recovery/kith.sqlite"))
        // The environment variable wins, and kith config says so.
        let other = sandbox.path("other.sqlite")
        let viaEnv = try jsonObject(sandbox.kith(["config", "--json"], environment: ["KITH_STORE": other]))
        #expect(
            (viaEnv["settings"] as? [[String: String]] ?? []).first { $0["name"] == "store" }?["source"] == "KITH_STORE"
        )
        let viaOption = try sandbox.kith(["config", "--store", other], environment: Self.noStoreVariable)
        #expect(viaOption.stdout.contains("--store"), "\(viaOption.summary)")
        // The store the file names is the one commands read.
        #expect(try sandbox.kith(["people", "list"], environment: Self.noStoreVariable).stdout.contains("Ana"))
    }

    @Test(
        "a country in the settings file sets the crisis line shown with a risk answer; the store's own line wins over it"
    )
    func crisisLine() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write("country = \"gb\"\nweek_starts = \"sunday\"\n", in: sandbox)
        let plan = try sandbox.kith(["plan"])
        #expect(plan.stdout.contains("Samaritans: 116 123"), "\(plan.summary)")
        let config = try sandbox.kith(["config"])
        #expect(config.stdout.contains("country GB") && config.stdout.contains("sunday"), "\(config.summary)")
        #expect(try sandbox.kith(["plan", "crisis-line", "--country", "US"]).status == 0)
        #expect(try sandbox.kith(["plan"]).stdout.contains("988"))
        #expect(try sandbox.kith(["config"]).stdout.contains("this store"))
    }

    @Test("week_starts sets the weekly report's default week to the one that holds today")
    func weekStarts() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let wednesday = ["KITH_NOW": "2026-03-04T12:00:00Z"]
        #expect(
            try sandbox.kith(["report", "weekly"], environment: wednesday).stdout.contains("2026-02-26 to 2026-03-04"))
        try write("week_starts = \"sunday\"\n", in: sandbox)
        #expect(
            try sandbox.kith(["report", "weekly"], environment: wednesday).stdout.contains("2026-03-01 to 2026-03-07"))
        try write("week_starts = \"Monday\"\n", in: sandbox)
        #expect(
            try sandbox.kith(["report", "weekly"], environment: wednesday).stdout.contains("2026-03-02 to 2026-03-08"))
    }

    @Test("a plugin folder in the settings file is searched, and listed with where it came from")
    func pluginPath() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let bundled = KithSandbox.packageRoot.appendingPathComponent("plugins").path
        try write("plugin_path = [\"\(bundled)\"]\n", in: sandbox)
        let list = try sandbox.kith(["assess", "list"])
        #expect(list.stdout.contains("phq9"), "\(list.summary)")
        #expect(try sandbox.kith(["config"]).stdout.contains(bundled))
    }

    @Test(
        "a mistake in the settings file is one line naming the file and the setting, and nothing runs against another store",
        arguments: [
            ("stroe = \"x\"", "unknown setting 'stroe'"),
            ("week_starts = \"someday\"", "'week_starts' must be a weekday"),
            ("country = \"ZZ\"", "'country' has no bundled crisis line"), ("store = [", "config.toml:1"),
            ("[crisis_line]\nname = \"x\"", "'crisis_line' must be a table with a name and a phone"),
        ])
    func mistakes(text: String, says: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try write(text + "\n", in: sandbox)
        let r = try sandbox.kith(["people", "list"])
        #expect(r.status != 0 && r.stderr.contains(says) && r.stderr.contains("config.toml"), "\(r.summary)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.summary)")
    }
}
