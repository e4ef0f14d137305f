import ArgumentParser
import Foundation
import KithCore
import KithLua
import KithPlugins

/// `kith run FILE [ARGS...]`: run a Lua script against the store.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script against your store (see docs/scripting.md).",
        discussion:
            "Each kith.* write commits on its own; --dry-run rolls everything back and prints what would have been written."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Run, then roll back every write and print what would have been written.") var dryRun = false
    @Option(help: ArgumentHelp("Stop the script after this many seconds (default: no limit).", valueName: "seconds"))
    var timeout: Double?
    @Option(help: ArgumentHelp("Memory limit of the script's Lua state, in MiB.", valueName: "MiB")) var memory = 64
    @Option(
        name: .customLong("allow-path"),
        help: ArgumentHelp("A folder kith.files may use besides the working directory (repeatable).", valueName: "dir"))
    var allowPaths: [String] = []
    @Flag(name: .shortAndLong, help: "Show a Lua traceback on errors.") var verbose = false
    @Argument(help: "The Lua script.") var file: String
    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (arg[1], arg[2], ...).") var arguments:
        [String] = []

    func validate() throws {
        if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds.") }
        if memory < 1 || memory > 65536 { throw ValidationError("--memory must be from 1 to 65536 MiB.") }
    }

    func run() throws {
        let store = try storeOptions.open()
        var runner = ScriptRunner(path: file)
        runner.arguments = arguments
        runner.output = { print($0) }
        runner.log = { Terminal.error($0 + "\n") }
        runner.limits = .script(memoryMiB: memory, timeout: timeout)
        runner.allowedPaths = allowPaths
        runner.protectedPaths = try storeOptions.pluginPath.folders.map(\.path) + passphrasePaths

        runner.dryRun = dryRun
        do {
            let changes = try runner.run(store: store)
            if dryRun {
                Terminal.error(DryRunReport.text(changes))
            }
        } catch let failure as ScriptRunner.Failure {
            var text = "\(failure.error)\n"
            if verbose, let traceback = failure.error.traceback { text += traceback + "\n" }
            if !dryRun {
                let n = failure.committed.count
                text +=
                    n == 0
                    ? "Nothing was written.\n"
                    : "The script stopped there; \(n == 1 ? "the write it made before is" : "the \(n) writes it made before are") committed.\n"
            } else {
                text += "Dry run: nothing was written.\n"
            }
            Terminal.error(text)
            throw ExitCode(1)
        }
    }
}

/// What a dry run would have written.
enum DryRunReport {
    static func text(_ changes: [StoreChange]) -> String {
        if changes.isEmpty { return "Dry run: the script would write nothing.\n" }
        var out =
            "Dry run: nothing was written. The script would have made \(changes.count) change\(changes.count == 1 ? "" : "s"):\n"
        for change in changes.prefix(200) { out += "  \(change.summary)\n" }
        if changes.count > 200 { out += "  ... and \(changes.count - 200) more\n" }
        return out
    }
}

extension Run {
    /// What a script may never read: the passphrase file it was opened with, and the folder
    /// holding it unless that folder holds the working directory too (a batch's
    /// --passphrase-dir holds every store's passphrase).
    var passphrasePaths: [String] {
        guard
            let file = storeOptions.passphraseFile
                ?? ProcessInfo.processInfo.environment["KITH_PASSPHRASE_FILE"].flatMap({ $0.isEmpty ? nil : $0 })
        else { return [] }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        return folder == "/" || cwd == folder || cwd.hasPrefix(folder + "/") ? [file] : [file, folder]
    }
}
