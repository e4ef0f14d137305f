import Foundation
import Testing

/// The README's tour, as it stands, run line by line from a new home folder after the install,
/// as a person would: kith from PATH, the default store, their editor, their answers typed in.
@Suite("the README tour")
struct ReadmeTourTests {
    /// The commands of the first `sh` block after "## A short tour", continuation lines joined.
    static func tourCommands() throws -> [String] {
        let readme = try String(
            contentsOf: KithSandbox.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "## A short tour"),
            let open = readme.range(of: "```sh\n", range: section.upperBound..<readme.endIndex),
            let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
        else {
            throw CLITestError(description: "README.md has no '## A short tour' with an sh block")
        }
        var commands: [String] = []
        var pending = ""
        for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n") {
            let text = String(line)
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
            if text.hasSuffix("\\") { pending += text.dropLast() + " "; continue }
            commands.append(pending + text)
            pending = ""
        }
        return commands
    }

    @Test("every line of the tour succeeds from the home folder after scripts/install.sh, in order")
    func tourRunsVerbatim() throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        let home = sandbox.root.path
        let install = KithSandbox.packageRoot.appendingPathComponent("scripts/install.sh").path
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("KITH_") && !$0.key.hasPrefix("XDG_")
        }
        environment["HOME"] = home
        environment["PATH"] = home + "/.local/bin:/usr/bin:/bin"
        environment["TZ"] = "America/New_York"
        environment["KITH_NOW"] = "2026-03-04T12:00:00-05:00"
        environment["PAGER"] = "cat"
        // The person's editor writes a long entry.
        environment["EDITOR"] = "printf 'A long entry, written in the editor.\\n' >"
        let installed = try runProcess(
            "/bin/bash", [install, "--binary", KithSandbox.binary], environment: environment,
            currentDirectory: sandbox.root)
        #expect(installed.status == 0, "\(installed.summary)")
        let commands = try Self.tourCommands()
        #expect(commands.count > 30, "the tour: \(commands)")
        let script = try #require(systemTool("script"), "util-linux 'script' is needed for pty tests")
        for command in commands {
            // On a terminal (a pty), as a person types it; answers typed for the questionnaire ("not at all").
            try (command + "\n").write(toFile: sandbox.path("tour-line.sh"), atomically: true, encoding: .utf8)
            let result = try runProcess(
                "/bin/bash", ["-c", "yes 0 | head -n 20 | '\(script)' -qec 'bash tour-line.sh' /dev/null"],
                environment: environment, currentDirectory: sandbox.root)
            #expect(result.status == 0, "README tour: `\(command)` failed: \(result.summary)")
            if result.status != 0 { break }
        }
        // What the tour did is there: the edited entry was undone, the backup restored.
        let entries = try runProcess(
            "/bin/bash", ["-c", "kith journal list --json"], environment: environment, currentDirectory: sandbox.root)
        #expect(
            entries.stdout.contains("Good day at group.")
                && entries.stdout.contains("A long entry, written in the editor."),
            "\(entries.summary)")
        #expect(
            FileManager.default.fileExists(atPath: home + "/week.html")
                && FileManager.default.fileExists(atPath: home + "/kith.ics"))
    }
}
