import Foundation
import Testing

/// Long output, colour and wrapping on a real terminal (a pty from util-linux `script`), and
/// never on a pipe, where programs read Kith's output.
@Suite("pager, colour and wrapping on a terminal")
struct TerminalOutputTests {
    /// Runs `kith ARGS` on a pty of `rows` x `columns`, with `environment`; returns what the terminal showed.
    func onTerminal(
        _ sandbox: KithSandbox, _ args: String, rows: Int = 20, columns: Int = 50,
        environment: [String: String] = [:]
    ) throws -> String {
        let script = try #require(systemTool("script"), "util-linux 'script' is needed for pty tests")
        let line = "stty rows \(rows) cols \(columns); '\(KithSandbox.binary)' \(args)"
        // A colour terminal unless the test says otherwise, whatever runs the tests.
        let terminal = ["TERM": "xterm-256color", "NO_COLOR": ""].merging(environment) { $1 }
        let r = try runProcess(
            script, ["-qec", line, "/dev/null"], environment: sandbox.environment(overrides: terminal),
            currentDirectory: sandbox.root)
        #expect(r.status == 0, "\(args): \(r.summary)")
        return r.stdout.replacingOccurrences(of: "\r\n", with: "\n")
    }

    func sandboxWithEntries(_ count: Int) throws -> KithSandbox {
        let sandbox = try KithSandbox()
        let lines = (1...count).map {
            "kith.journal.add{ text = \"Entry number \($0), a fairly long line of text that should wrap on a narrow terminal because it keeps going\", mood = 3 }"
        }
        try lines.joined(separator: "\n").write(toFile: sandbox.path("fill.lua"), atomically: true, encoding: .utf8)
        try sandbox.succeed(["run", "fill.lua"])
        return sandbox
    }

    @Test("output longer than the screen goes through $PAGER; shorter output, --no-pager and a pipe do not")
    func pager() throws {
        let sandbox = try sandboxWithEntries(30)
        defer { sandbox.remove() }
        let paged = sandbox.path("paged.txt")
        let pager = ["PAGER": "cat > '\(paged)'"]
        let long = try onTerminal(sandbox, "journal list", environment: pager)
        let through = try String(contentsOfFile: paged, encoding: .utf8)
        #expect(
            long.isEmpty && through.contains("Entry number 1,") && through.contains("Entry number 30,"),
            "shown: \(long.prefix(300))")
        try FileManager.default.removeItem(atPath: paged)
        let short = try onTerminal(sandbox, "journal list --limit 2", environment: pager)
        #expect(short.contains("Entry number 30,") && !FileManager.default.fileExists(atPath: paged))
        let unpaged = try onTerminal(sandbox, "journal list --no-pager", environment: pager)
        #expect(unpaged.contains("Entry number 1,") && !FileManager.default.fileExists(atPath: paged))
        let piped = try sandbox.kith(["journal", "list"], environment: pager)
        #expect(piped.stdout.contains("Entry number 1,") && !FileManager.default.fileExists(atPath: paged))
        // A pager that is not installed: the text is shown anyway.
        let missing = try onTerminal(sandbox, "journal list", environment: ["PAGER": "no-such-pager-here"])
        #expect(missing.contains("Entry number 1,"), "\(missing.prefix(300))")
    }

    @Test("long text wraps to the terminal's width, indented; a pipe gets whole lines")
    func wrapping() throws {
        let sandbox = try sandboxWithEntries(1)
        defer { sandbox.remove() }
        let shown = try onTerminal(sandbox, "journal list", columns: 50)
        let textLines = shown.split(separator: "\n").filter { $0.hasPrefix("    ") }
        #expect(textLines.count >= 3, "\(shown)")
        #expect(textLines.allSatisfy { $0.count <= 50 }, "\(shown)")
        let piped = try sandbox.kith(["journal", "list"])
        #expect(
            piped.stdout.contains(
                "a fairly long line of text that should wrap on a narrow terminal because it keeps going"))
    }

    @Test("table headers are bold on a terminal, plain with NO_COLOR, with TERM=dumb and on a pipe")
    func colour() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Zoë 🌻", "--type", "friend"])
        let bold = "\u{1B}[1m"
        #expect(try onTerminal(sandbox, "people list").contains(bold + "NAME"))
        #expect(try onTerminal(sandbox, "people list").contains("Zoë 🌻"))
        #expect(!(try onTerminal(sandbox, "people list", environment: ["NO_COLOR": "1"]).contains("\u{1B}")))
        #expect(!(try onTerminal(sandbox, "people list", environment: ["TERM": "dumb"]).contains("\u{1B}")))
        #expect(!(try sandbox.kith(["people", "list"]).stdout.contains("\u{1B}")))
    }
}
