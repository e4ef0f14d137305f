import Foundation

/// How much loading 20 plugins adds to a command's start: `kith types` run as a process,
/// with no plugins and with 20 generated ones (each a support type, a metric and two handlers).
enum PluginStartup {
    static func measure(runs: Int = 30) throws -> (without: Samples, with: Samples) {
        let kith = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "kith"
        ).path
        guard FileManager.default.isExecutableFile(atPath: kith) else {
            throw NSError(
                domain: "kith-bench", code: 1,
                userInfo: [NSLocalizedDescriptionKey: "build kith next to kith-bench first: \(kith)"])
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kith-bench-plugins-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for n in 1...20 {
            let dir = folder.appendingPathComponent("plugins/p\(n)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try
                "id = \"bench.p\(n)\"\nname = \"Bench \(n)\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.read\", \"journal.write\", \"interactions.read\"]\n"
                .write(to: dir.appendingPathComponent("plugin.toml"), atomically: true, encoding: .utf8)
            try """
            local M = {}
            kith.support_types.define{ id = "type\(n)", name = "Type \(n)", dimensions = { "emotional" }, default_cadence_days = 7 }
            kith.metrics.define{ id = "metric\(n)", name = "Metric \(n)", kind = "integer", min = 0, max = 10 }
            function M.tag(entry) if entry.mood and entry.mood <= 2 then kith.journal.update(entry.id, { tags = { "low" } }) end end
            kith.on("journal.added", M.tag)
            kith.on("interaction.logged", function(i) kith.store.set("last", i.at) end)
            return M
            """.write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["KITH_STORE"] = folder.appendingPathComponent("store.sqlite").path
        environment["KITH_BUNDLED_PLUGINS"] = ""
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("xdg").path
        // ProcessBench times with posix_spawn and waitpid: Foundation's Process.waitUntilExit
        // polls, which would round every run up to the same few tens of milliseconds.
        func run(_ arguments: [String]) throws -> Double {
            try ProcessBench.succeeded(ProcessBench.run(kith, arguments, environment: environment))
        }
        _ = try run(["init"])
        try check(kith, environment: environment, folder: folder)
        var without = Samples(), with = Samples()
        for _ in 0..<runs {
            without.add(try run(["types"]))
            with.add(try run(["types", "--plugins", folder.appendingPathComponent("plugins").path]))
        }
        return (without, with)
    }

    /// Fails unless all 20 plugins load: a benchmark of plugins that failed would flatter.
    private static func check(_ kith: String, environment: [String: String], folder: URL) throws {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: kith)
        process.arguments = ["plugins", "list", "--json", "--plugins", folder.appendingPathComponent("plugins").path]
        process.environment = environment
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let loaded = String(decoding: data, as: UTF8.self).components(separatedBy: "\"status\" : \"loaded\"").count - 1
        guard loaded == 20 else {
            throw NSError(
                domain: "kith-bench", code: 2,
                userInfo: [
                    NSLocalizedDescriptionKey: "only \(loaded) of 20 benchmark plugins loaded:\n"
                        + String(decoding: data, as: UTF8.self)
                ])
        }
    }
}
