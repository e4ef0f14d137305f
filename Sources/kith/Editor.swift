import Foundation
import KithCore
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The person's editor ($VISUAL, $EDITOR, else vi), run as `system(3)` runs a command: in
/// Kith's own process group, so it owns the terminal (Foundation's Process starts children in
/// a group of their own, where reading the terminal stops them with SIGTTIN and the screen
/// stays blank), with Ctrl-C left to the editor, and the terminal's settings put back after.
enum Editor {
    /// The editor's command line, as the shell will read it.
    static var command: String {
        let env = ProcessInfo.processInfo.environment
        return [env["VISUAL"], env["EDITOR"]].compactMap { $0 }.first {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        } ?? "vi"
    }

    /// Opens `file` and waits for the editor to exit.
    static func edit(_ file: String) throws {
        let status = try runInForeground(["/bin/sh", "-c", "\(command) \"$1\"", "sh", file])
        guard status == 0 else {
            throw KithError(
                .invalidInput,
                "The editor ('\(command)') exited with status \(status); nothing was changed. Set $VISUAL or $EDITOR to the editor you use."
            )
        }
    }

    /// Opens `file` (which holds `offered`); if the editor fails after the person changed the
    /// text (vim exits 1 after any error in the session), what they wrote is kept in a draft
    /// named `draft` in the data folder, and the error says where.
    static func edit(_ file: String, offered: String, draft: String, sealed: Bool) throws {
        do {
            try edit(file)
        } catch let error as KithError {
            let typed = (try? String(contentsOfFile: file, encoding: .utf8)) ?? offered
            guard typed != offered else { throw error }
            let kept = try keepDraft(typed, name: draft, sealed: sealed)
            throw KithError(.invalidInput, "\(error.description) What you wrote is kept in \(kept).")
        }
    }

    /// Keeps text the person wrote, private to them, in the data folder; for an encrypted
    /// store (`sealed`), in memory where the system allows (ScratchFolder). Returns its path.
    static func keepDraft(_ text: String, name: String, sealed: Bool) throws -> String {
        let folder = sealed ? ScratchFolder.drafts : KithPaths.dataHome()
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let draft = folder + "/" + name
        try PrivateFile.write(Data(text.utf8), to: draft)
        return draft
    }

    /// Runs `argv` in this process group and returns its exit status (128 + N if signal N ended it).
    static func runInForeground(_ argv: [String]) throws -> Int32 {
        var saved = termios()
        let terminal = isatty(STDIN_FILENO) == 1 && tcgetattr(STDIN_FILENO, &saved) == 0
        let oldInterrupt = signal(SIGINT, SIG_IGN), oldQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, oldInterrupt)
            signal(SIGQUIT, oldQuit)
            if terminal { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The editor gets the default handling of Ctrl-C and Ctrl-\ back, as it would from a shell.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGQUIT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], nil, &attributes, cArguments, environ)
        guard spawned == 0 else {
            throw KithError(.storage, "Could not start the editor: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw KithError(.storage, "Lost track of the editor: \(String(cString: strerror(errno)))")
            }
        }
        if status & 0x7f == 0 { return (status >> 8) & 0xff }  // exited
        return 128 + (status & 0x7f)  // ended by a signal
    }
}
