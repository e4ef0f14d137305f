import Foundation
import Testing

/// Names with accents, emoji and wide characters shown whole in every listing, and aligned.
@Suite("names beyond ASCII in listings")
struct NonASCIINameTests {
    @Test("Zoë 🌻 and 林 are shown intact in people, interactions, schedule and report listings")
    func intact() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for name in ["Zoë 🌻", "林", "Ana"] { try sandbox.succeed(["people", "add", name, "--type", "friend"]) }
        try sandbox.succeed(["log", "Zoë 🌻", "--channel", "call"])
        try sandbox.succeed([
            "schedule", "add", "Tea with Zoë 🌻", "--starts", "2026-03-05T10:00:00Z", "--person", "Zoë 🌻",
        ])
        for command in [
            ["people", "list"], ["interactions", "list"], ["schedule"], ["report", "rhythm"], ["report", "network"],
        ] {
            let out = try sandbox.succeed(command).stdout
            #expect(out.contains("Zoë 🌻"), "\(command.joined(separator: " ")) cut the name: \(out)")
            #expect(
                !out.contains("\u{FFFD}"), "\(command.joined(separator: " ")) shows a replacement character: \(out)")
        }
        // In the people table the next column starts at the same terminal column on every row.
        let lines = try sandbox.succeed(["people", "list"]).stdout.split(separator: "\n").map(String.init)
        let columns = lines.dropFirst().compactMap { line -> Int? in
            guard let range = line.range(of: "friend") else { return nil }
            return TerminalWidth.of(String(line[..<range.lowerBound]))
        }
        #expect(columns.count == 3 && Set(columns).count == 1, "misaligned: \(lines)")
    }
}

/// The test's own count of terminal columns, independent of Kith's: emoji and CJK are two wide.
enum TerminalWidth {
    static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + ($1 == "🌻" || $1 == "林" ? 2 : 1) }
    }
}
