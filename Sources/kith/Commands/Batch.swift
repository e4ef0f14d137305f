import ArgumentParser
import Foundation
import KithCore
import KithSession

/// `kith batch`: scripts across many stores (the default), and joining sharded results.
struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run a Lua script against many stores, in turn or in parallel.",
        discussion: "kith batch --stores 'clients/*.sqlite' SCRIPT runs it ('kith batch run --help' has every option); "
            + "kith batch merge joins the --json results of sharded runs; "
            + "kith batch export writes many stores' results as one set of FHIR Bulk Data files.",
        subcommands: [BatchRun.self, BatchMerge.self, BatchExport.self],
        defaultSubcommand: BatchRun.self
    )
}

/// `kith batch [run] --stores GLOB SCRIPT [ARGS...]`: one Lua script against many stores.
struct BatchRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script against many stores, in turn or in parallel (the default).",
        discussion: "Each store runs in its own 'kith run' process, so one failing store never stops the others. "
            + "Inside the script, kith.store_path says which store it is on. "
            + "With --shard I/N, N workers (a Slurm job array, a Kubernetes indexed Job, GNU parallel) each take "
            + "their share of the stores; 'kith batch merge' joins their --json results."
    )

    @OptionGroup var selection: BatchStores
    @Flag(help: "Print the results as JSON (store, ok, exit code, seconds, stdout, stderr).") var json = false
    @Flag(
        name: .customLong("stdout"),
        help: "Print each store's standard output, in store order, and nothing else on stdout.")
    var concatenate = false
    @Option(help: ArgumentHelp("Stop each script after this many seconds.", valueName: "seconds")) var timeout: Double?
    @Argument(help: "The Lua script.") var script: String
    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script.") var arguments: [String] = []

    func validate() throws {
        if json && concatenate { throw ValidationError("Choose --json or --stdout, not both.") }
        try StoreGlob.checkNotExpanded(selection.stores, others: [script] + arguments)
    }

    func run() throws {
        let paths = try selection.paths()
        guard FileManager.default.isReadableFile(atPath: script) else {
            throw KithError(.notFound, "Could not read the script \(script).")
        }
        var runArguments = ["run"]
        if let timeout { runArguments += ["--timeout", String(timeout)] }
        let results = BatchRunner(jobs: selection.jobs).run(stores: paths) { store in
            runArguments + selection.childArguments(for: store) + [script] + arguments
        }
        if json {
            try Output.json(results)
        } else if concatenate {
            for r in results { Terminal.output(r.stdout) }
        } else {
            for r in results where !r.stdout.isEmpty {
                print("== \(r.store)")
                print(r.stdout, terminator: r.stdout.hasSuffix("\n") ? "" : "\n")
            }
        }
        try BatchRunner.summarize(results)
    }
}

/// The stores a batch command runs over, and how each child process opens its store.
struct BatchStores: ParsableArguments {
    @Option(help: ArgumentHelp("The stores, as a quoted pattern: 'clients/*.sqlite'.", valueName: "glob")) var stores:
        String
    @Option(help: "How many stores at once.") var jobs = 1
    @Option(help: ArgumentHelp("Fix the clock for every store.", valueName: "instant")) var now: String?
    @Option(
        help: ArgumentHelp(
            "Encrypted stores: one passphrase file for all (also $KITH_PASSPHRASE_FILE).", valueName: "file"))
    var passphraseFile: String?
    @Option(
        help: ArgumentHelp(
            "Encrypted stores: a folder holding NAME.passphrase for each store NAME.sqlite (keep it apart from the stores).",
            valueName: "dir"))
    var passphraseDir: String?
    @Option(
        help: ArgumentHelp(
            "Run only shard I of N (I from 1 to N): the stores split by a hash of their path, the same on every machine.",
            valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if jobs < 1 || jobs > 64 { throw ValidationError("--jobs must be from 1 to 64.") }
        if passphraseFile != nil && passphraseDir != nil {
            throw ValidationError("Choose --passphrase-file or --passphrase-dir, not both.")
        }
        if let shard { _ = try StoreShard(shard) }
    }

    /// The stores the glob names (this shard's share), checked for passphrases first.
    func paths() throws -> [String] {
        var paths = try StoreGlob.expand(stores)
        if let shard { paths = try StoreShard(shard).filter(paths) }
        try checkPassphrases(paths)
        return paths
    }

    /// `--now`, the passphrase file and `--store` for a child process on `store`.
    func childArguments(for store: String) -> [String] {
        var arguments: [String] = []
        if let now { arguments += ["--now", now] }
        if let passphraseFile { arguments += ["--passphrase-file", passphraseFile] }
        if let passphraseDir {
            let name = URL(fileURLWithPath: store).deletingPathExtension().lastPathComponent
            arguments += [
                "--passphrase-file",
                URL(fileURLWithPath: passphraseDir).appendingPathComponent(name + ".passphrase").path,
            ]
        }
        return arguments + ["--store", store]
    }

    /// Refuses, before any store runs, encrypted stores that would have to ask for their
    /// passphrase: children asking on one terminal at once would garble it (and show it).
    func checkPassphrases(_ paths: [String]) throws {
        let given =
            passphraseFile != nil || passphraseDir != nil
            || !(ProcessInfo.processInfo.environment["KITH_PASSPHRASE_FILE"] ?? "").isEmpty
        guard !given else { return }
        let locked = paths.filter { path in
            guard let header = try? KithStore.sealHeader(at: path) else { return false }
            return StoreKeys.remembered(header) == nil
        }
        guard locked.isEmpty else {
            throw KithError(
                .invalidInput,
                "\(Output.count(locked.count, "store is", "stores are")) encrypted (\(locked[0])\(locked.count > 1 ? ", ..." : "")): "
                    + "give --passphrase-file FILE (one for all), --passphrase-dir DIR, or 'kith unlock' each first; nothing was run."
            )
        }
    }
}

/// Runs `kith` child processes for many stores, at most `jobs` at once, with a progress bar.
struct BatchRunner {
    /// What one store's run did.
    struct Result: Encodable {
        let store: String
        let ok: Bool
        let exitCode: Int32
        let seconds: Double
        let stdout: String
        let stderr: String

        enum CodingKeys: String, CodingKey { case store, ok, exitCode = "exit_code", seconds, stdout, stderr }
    }

    let jobs: Int

    /// "3 stores: 2 succeeded, 1 failed." and each failure's first line, on standard error;
    /// exits 1 if any store failed.
    static func summarize(_ results: [Result]) throws {
        let failed = results.filter { !$0.ok }
        var summary = "\(results.count) stores: \(results.count - failed.count) succeeded, \(failed.count) failed.\n"
        for f in failed {
            summary +=
                "  \(f.store): \(f.stderr.split(separator: "\n").first.map(String.init) ?? "exit \(f.exitCode)")\n"
        }
        Terminal.error(summary)
        if !failed.isEmpty { throw ExitCode(1) }
    }

    func run(stores: [String], arguments: (String) -> [String]) -> [Result] {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let collected = Collected(count: stores.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = jobs
        for (i, store) in stores.enumerated() {
            let argv = arguments(store)
            queue.addOperation { collected.set(i, Self.spawn(executable, argv, store: store)) }
        }
        queue.waitUntilAllOperationsAreFinished()
        collected.progress.finish()
        return collected.results.compactMap { $0 }
    }

    /// Results filled in by worker threads, and the progress bar they move, under one lock.
    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var results: [Result?]
        let progress = ProgressBar(label: "stores")
        private var done = 0

        init(count: Int) { results = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Result) {
            lock.withLock {
                results[index] = result
                done += 1
                progress.update(done, results.count)
            }
        }
    }

    /// posix_spawn with output to temporary files and waitpid: exact timing, no pipes to drain.
    static func spawn(_ executable: String, _ arguments: [String], store: String) -> Result {
        // What a script prints about a person stays in memory where the system allows.
        guard let folder = try? ScratchFolder.make("kith-batch") else {
            return Result(store: store, ok: false, exitCode: -1, seconds: 0, stdout: "", stderr: "no temporary folder")
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path, err = folder.appendingPathComponent("err").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let start = Date()
        var pid: pid_t = 0
        guard posix_spawn(&pid, executable, &actions, nil, &argv, environ) == 0 else {
            return Result(
                store: store, ok: false, exitCode: -1, seconds: 0, stdout: "", stderr: "could not start \(executable)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return Result(
            store: store, ok: code == 0, exitCode: code, seconds: Date().timeIntervalSince(start), stdout: read(out),
            stderr: read(err))
    }
}
