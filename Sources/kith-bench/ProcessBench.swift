import Foundation

/// Whole-process measurements: wall time and peak resident memory of child processes.
enum ProcessBench {
    /// Runs a command; returns (seconds, peak RSS in MiB, exit status).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> (
        Double, Double, Int32
    ) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, &argv, &envp) == 0 else {
            throw NSError(
                domain: "kith-bench", code: 4, userInfo: [NSLocalizedDescriptionKey: "could not start \(executable)"])
        }
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (seconds, Double(usage.ru_maxrss) / 1024, (status >> 8) & 0xff)
    }

    static let peakMemoryFlag = "--peak-memory-of"

    /// Peak resident memory of a command in MiB, measured by a fresh kith-bench that starts
    /// it: Linux carries the starting process's own peak into the child's `ru_maxrss`, and this
    /// process is large after the import benchmark, while the helper is a few MiB.
    static func peakMemory(of command: [String], allowFailure: Bool = false) throws -> Double {
        let helper = Process()
        helper.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        helper.arguments = [peakMemoryFlag] + command
        var environment = ProcessInfo.processInfo.environment
        environment["KITH_BUNDLED_PLUGINS"] = ""
        helper.environment = environment
        let output = Pipe()
        helper.standardOutput = output
        try helper.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        helper.waitUntilExit()
        guard helper.terminationStatus == 0 || allowFailure,
            let mib = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            throw NSError(
                domain: "kith-bench", code: 6,
                userInfo: [NSLocalizedDescriptionKey: "\(command.joined(separator: " ")) failed: \(text)"])
        }
        return mib
    }

    /// Helper mode: runs `command`, prints its peak memory in MiB, and exits with its status.
    static func reportPeakMemory(of command: [String]) -> Never {
        guard let executable = command.first,
            let result = try? run(
                executable, Array(command.dropFirst()),
                environment: ProcessInfo.processInfo.environment)
        else { exit(1) }
        print(String(format: "%.2f", result.1))
        exit(result.2)
    }

    /// The seconds of a run that exited 0: a failing command would time its error path.
    static func succeeded(_ result: (Double, Double, Int32)) throws -> Double {
        guard result.2 == 0 else {
            throw NSError(
                domain: "kith-bench", code: 5,
                userInfo: [NSLocalizedDescriptionKey: "a timed command exited with \(result.2)"])
        }
        return result.0
    }

    /// `kith journal add` end to end with 10 plugins, against the sqlite3 shell inserting one
    /// row into a copy of the same store: medians of 30 runs.
    static func singleCommand(kith: String, folder: URL) throws -> (kith: Samples, sqlite: Samples) {
        let store = folder.appendingPathComponent("single.sqlite").path
        let plugins = folder.appendingPathComponent("single-plugins")
        for n in 1...10 {
            let dir = plugins.appendingPathComponent("p\(n)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try
                "id = \"bench.s\(n)\"\nname = \"S\(n)\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.read\"]\n"
                .write(to: dir.appendingPathComponent("plugin.toml"), atomically: true, encoding: .utf8)
            try
                "kith.metrics.define{ id = 'm\(n)', name = 'M', kind = 'integer' }\nkith.on('journal.added', function(e) end)\n"
                .write(to: dir.appendingPathComponent("init.lua"), atomically: true, encoding: .utf8)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["KITH_STORE"] = store
        environment["KITH_BUNDLED_PLUGINS"] = ""
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("xdg").path
        _ = try run(kith, ["init"], environment: environment)
        // The copy takes the write-ahead log too: `kith init` exits with its tables still there.
        let copy = folder.appendingPathComponent("single-copy.sqlite").path
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: store + suffix) {
            try? FileManager.default.removeItem(atPath: copy + suffix)
            try FileManager.default.copyItem(atPath: store + suffix, toPath: copy + suffix)
        }
        let sqlite =
            ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? "sqlite3"
        var ours = Samples(), floor = Samples()
        for i in 0..<30 {
            ours.add(
                try succeeded(
                    run(
                        kith, ["journal", "add", "entry \(i)", "--mood", "3", "--plugins", plugins.path],
                        environment: environment)))
            floor.add(
                try succeeded(
                    run(
                        sqlite,
                        [
                            copy,
                            "INSERT INTO journal_entry (at, mood, text) VALUES ('2026-03-01T10:00:00Z', 3, 'entry \(i)')",
                        ],
                        environment: environment)))
        }
        return (ours, floor)
    }
}
