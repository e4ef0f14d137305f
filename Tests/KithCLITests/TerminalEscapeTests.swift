import Foundation
import Testing

/// Text from data and plugins on a real terminal (a pty from util-linux `script`): escape
/// sequences are shown, never obeyed; pipes and JSON get the text as stored.
@Suite("terminal output: data never drives the terminal")
struct TerminalEscapeTests {
    /// Runs `kith ARGUMENTS` under a pty and returns what the terminal received.
    func onTerminal(_ sandbox: KithSandbox, _ arguments: [String]) throws -> String {
        let script = try #require(systemTool("script"), "util-linux 'script' is needed for pty tests")
        let command = ([KithSandbox.binary] + arguments).map {
            "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
        let result = try runProcess(
            script, ["-qec", command, "/dev/null"], environment: sandbox.environment(), currentDirectory: sandbox.root)
        return result.stdout
    }

    @Test("names, journal text, plugin print and logs show their escape sequences escaped on a terminal")
    func escapedOnTerminal() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let hostile = "Eve\u{1B}]0;owned\u{07}\u{1B}[2J"
        try sandbox.succeed(["people", "add", hostile, "--type", "friend"])
        try sandbox.succeed(["journal", "add", "red \u{1B}[31malert\u{1B}[0m\rforged"])
        try "print('\\27[31mprinted'); kith.log.warn('\\27[2Jlogged')".write(
            toFile: sandbox.path("p.lua"), atomically: true, encoding: .utf8)
        let screen =
            try onTerminal(sandbox, ["people", "list"]) + onTerminal(sandbox, ["journal", "list"])
            + onTerminal(sandbox, ["run", sandbox.path("p.lua")])
            + onTerminal(sandbox, ["report", "network"])
            + onTerminal(sandbox, ["report", "network", "--format", "markdown"])
        #expect(!screen.contains("\u{1B}"), "an escape reached the terminal: \(screen.debugDescription)")
        #expect(!screen.contains("\u{07}"))
        #expect(screen.contains("Eve\\x1b]0;owned\\x07\\x1b[2J"), "\(screen)")
        #expect(screen.contains("\\x1b[31malert\\x1b[0m\\x0dforged"), "\(screen)")
        #expect(screen.contains("\\x1b[31mprinted") && screen.contains("\\x1b[2Jlogged"), "\(screen)")
        // Through a pipe, and as JSON, the text is exactly what was stored.
        #expect(try sandbox.succeed(["people", "list"]).stdout.contains(hostile))
        let people = try jsonObjects(sandbox.succeed(["people", "list", "--json"]))
        #expect(people.first?["name"] as? String == hostile)
    }
}
