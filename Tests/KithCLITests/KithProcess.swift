import Foundation
import Testing

/// What a finished process left behind.
struct ProcessResult: Sendable {
    var status: Int32
    var stdoutData: Data
    var stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    /// The non-empty lines written to standard error.
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
    /// A short account for failure messages.
    var summary: String { "exit \(status)\nstdout: \(stdout.prefix(2000))\nstderr: \(stderr.prefix(2000))" }
}

/// A helper failure: the binary is missing, or output was not what a test could read.
struct CLITestError: Error, CustomStringConvertible {
    let description: String
}

/// Runs `executable` with `arguments` and `environment`, waiting for it to end. Standard output
/// and standard error are read at the same time, so a large output cannot fill a pipe and hang.
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String],
    currentDirectory: URL? = nil
) throws -> ProcessResult {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        throw CLITestError(
            description: "\(executable) is not an executable file. Build kith first ('swift build') or set KITH_BIN.")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let errorReader = PipeReader(errors.fileHandleForReading)
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errorReader.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdoutData: outputData, stderrData: errorData)
}

/// Reads a pipe to its end on a background queue.
final class PipeReader: @unchecked Sendable {
    private let handle: FileHandle
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        self.handle = handle
        DispatchQueue.global().async {
            self.data = self.handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    /// Everything read, once the writer has closed the pipe.
    func wait() -> Data {
        done.wait()
        return data
    }
}

/// A private temporary home for one test: its own store, data folder and files, with the clock
/// fixed, so CLI tests neither touch the user's store nor depend on the real time.
struct KithSandbox: Sendable {
    /// The instant every command sees as "now" unless a test overrides it.
    static let fixedNow = "2026-03-04T12:00:00Z"

    /// The package root, found from this file's path: Tests/KithCLITests/KithProcess.swift.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `$KITH_BIN`, or the debug build in the package.
    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["KITH_BIN"], !override.isEmpty { return override }
        return packageRoot.appendingPathComponent(".build/debug/kith").path
    }

    /// The sandbox folder.
    let root: URL
    /// The store commands use by default.
    let storePath: String

    /// A sandbox whose default store `kith init` has made, as a person's would be; with
    /// `withStore: false`, no store exists yet (only `kith init` makes one).
    init(withStore: Bool = true) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("kith-cli-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        storePath = root.appendingPathComponent("data/kith.sqlite").path
        if withStore { try succeed(["init"]) }
    }

    /// The path of `name` inside the sandbox.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The environment for a command: the parent's, without any `KITH_*`, plus the sandbox's.
    func environment(store: String? = nil, overrides: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("KITH_") }
        environment["KITH_STORE"] = store ?? storePath
        environment["KITH_NOW"] = Self.fixedNow
        environment["HOME"] = root.path
        environment["XDG_DATA_HOME"] = root.appendingPathComponent("xdg").path
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent(".config").path
        environment["TZ"] = "UTC"
        // Only the plugins a test names: not the bundled ones next to the binary.
        environment["KITH_BUNDLED_PLUGINS"] = ""
        for (key, value) in overrides { environment[key] = value }
        return environment
    }

    /// Runs `kith ARGUMENTS` in the sandbox and returns what it did.
    @discardableResult
    func kith(_ arguments: [String], store: String? = nil, environment overrides: [String: String] = [:]) throws
        -> ProcessResult
    {
        try runProcess(
            Self.binary, arguments, environment: environment(store: store, overrides: overrides),
            currentDirectory: root)
    }

    /// Runs `kith ARGUMENTS` and records an issue unless it exits 0.
    @discardableResult
    func succeed(_ arguments: [String], store: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
        -> ProcessResult
    {
        let result = try kith(arguments, store: store)
        #expect(
            result.status == 0, "kith \(arguments.joined(separator: " ")): \(result.summary)",
            sourceLocation: sourceLocation)
        return result
    }

    /// The store's export document, as bytes.
    func export(store: String? = nil) throws -> Data {
        let result = try kith(["export"], store: store)
        guard result.status == 0 else { throw CLITestError(description: "kith export failed: \(result.summary)") }
        return result.stdoutData
    }

    /// Removes the sandbox folder.
    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// Parses standard output as a JSON array of objects.
func jsonObjects(_ result: ProcessResult) throws -> [[String: Any]] {
    let object = try JSONSerialization.jsonObject(with: result.stdoutData)
    guard let array = object as? [[String: Any]] else {
        throw CLITestError(description: "expected a JSON array of objects, got: \(result.stdout.prefix(500))")
    }
    return array
}

/// Parses standard output as one JSON object.
func jsonObject(_ result: ProcessResult) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: result.stdoutData)
    guard let dictionary = object as? [String: Any] else {
        throw CLITestError(description: "expected a JSON object, got: \(result.stdout.prefix(500))")
    }
    return dictionary
}

/// The permission bits of a file or folder (`0o600`), or nil if they cannot be read.
func posixPermissions(_ path: String) throws -> Int? {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    guard let mode = attributes[.posixPermissions] as? NSNumber else { return nil }
    return mode.intValue & 0o777
}

/// The full path of a system tool (sqlite3, mount, pkill), from the usual folders or `$PATH`.
func systemTool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let folders =
        ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"] + path.split(separator: ":").map(String.init)
    return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// `PRAGMA integrity_check` of a store through the sqlite3 shell: "ok" when intact.
func integrityCheck(_ store: String) throws -> String {
    guard let sqlite3 = systemTool("sqlite3") else {
        throw CLITestError(description: "sqlite3 is needed (scripts/setup.sh installs it)")
    }
    let result = try runProcess(
        sqlite3, [store, "PRAGMA integrity_check"], environment: ProcessInfo.processInfo.environment)
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        + (result.status == 0 ? "" : " (\(result.stderr))")
}

/// A calendar file as the independent `icalendar` parser expands it (scripts/ics_check.py,
/// installed by scripts/setup.sh --test): its occurrences and to-dos between two instants.
func icalendarExpansion(_ file: String, since: String, until: String) throws -> [String: Any] {
    let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/ics_check.py").path
    let parsed = try runProcess(
        "/usr/bin/env", ["python3", checker, file, since, until], environment: ProcessInfo.processInfo.environment)
    guard parsed.status == 0, let object = try JSONSerialization.jsonObject(with: parsed.stdoutData) as? [String: Any]
    else {
        throw CLITestError(description: "the icalendar parser failed (scripts/test.sh installs it): \(parsed.summary)")
    }
    return object
}
