import ArgumentParser
import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--no-pager`, for the commands whose output can run long (lists, searches, reports).
struct PagerOptions: ParsableArguments {
    @Flag(help: "Print everything at once, without $PAGER, even on a terminal.") var noPager = false

    /// Starts collecting standard output for the pager, when it goes to a terminal.
    func start() { if !noPager { Pager.start() } }
}

/// Long output on a terminal goes through the person's pager ($PAGER, else `less`), as git
/// does: collected while the command runs, then shown at once if it fits the screen, paged if
/// not. Output to a pipe or file, and JSON for programs, never wait for a key.
enum Pager {
    nonisolated(unsafe) private(set) static var collecting = false
    nonisolated(unsafe) private static var collected: [UInt8] = []

    /// The pager's command line; nil when paging is off (`PAGER=` or `PAGER=cat`).
    static var command: String? {
        guard let pager = ProcessInfo.processInfo.environment["PAGER"] else { return "less" }
        let trimmed = pager.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "cat" ? nil : trimmed
    }

    static func start() {
        guard Terminal.stdoutIsTTY, command != nil else { return }
        collecting = true
    }

    /// Text on its way to the terminal, already escaped.
    static func collect(_ bytes: UnsafeBufferPointer<UInt8>) { collected.append(contentsOf: bytes) }

    /// Shows what was collected: directly if it fits the screen, else through the pager.
    static func finish() {
        guard collecting else { return }
        collecting = false
        let text = collected
        collected = []
        let lines = text.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        guard lines >= Terminal.size.rows, let command, show(text, through: command) else {
            return text.withUnsafeBufferPointer { Terminal.writeAll(1, $0) }
        }
    }

    /// Runs the pager with `text` on its standard input; false if it could not start.
    private static func show(_ text: [UInt8], through command: String) -> Bool {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        // less: quit if it fits, keep colours, leave the text on the screen (git's defaults).
        var environment = ProcessInfo.processInfo.environment
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let argv = ["/bin/sh", "-c", command]
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        fflush(nil)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
        close(pipeEnds[0])
        guard spawned == 0 else { close(pipeEnds[1]); return false }
        // A pager that quits early (q) closes the pipe: that is not an error.
        let oldPipe = signal(SIGPIPE, SIG_IGN)
        text.withUnsafeBufferPointer { Terminal.writeAll(pipeEnds[1], $0) }
        close(pipeEnds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        signal(SIGPIPE, oldPipe)
        // The shell says 127 when the pager is not installed: show the text instead.
        return !(status & 0x7f == 0 && (status >> 8) & 0xff == 127)
    }
}
