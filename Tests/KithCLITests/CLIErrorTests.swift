import Foundation
import Testing

/// A command the CLI must refuse, and the words its one-line error must contain.
struct RefusedCommand: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    let mentions: [String]

    var testDescription: String { "kith " + arguments.joined(separator: " ") }

    static let all: [RefusedCommand] = [
        RefusedCommand(arguments: ["journal", "add", "x", "--mood", "9"], mentions: ["mood", "1 to 5", "9"]),
        RefusedCommand(arguments: ["people", "add", "Zed", "--type", "sponsor"], mentions: ["type", "sponsor"]),
        RefusedCommand(arguments: ["log", "Sam"], mentions: ["No one named \"Sam\""]),
        RefusedCommand(arguments: ["journal", "list", "--since", "notadate"], mentions: ["since", "notadate"]),
        RefusedCommand(arguments: ["journal", "add", "--metric", "foo=1"], mentions: ["foo"]),
        RefusedCommand(
            arguments: ["journal", "add", "y", "--metric", "craving=11"], mentions: ["metrics.craving", "0 to 10"]),
        RefusedCommand(arguments: ["journal", "add", "y", "--metric", "craving"], mentions: ["metric", "id=value"]),
        RefusedCommand(arguments: ["journal", "add", "y", "--person", "Sam"], mentions: ["No one named \"Sam\""]),
        RefusedCommand(arguments: ["people", "add", "Ana", "--type", "friend"], mentions: ["name", "Ana"]),
        RefusedCommand(
            arguments: ["people", "add", "Eve", "--type", "friend", "--email", "nope"], mentions: ["email"]),
        RefusedCommand(arguments: ["people", "add", "Eve"], mentions: ["type"]),
        RefusedCommand(arguments: ["log", "Ana", "--helpfulness", "7"], mentions: ["helpfulness"]),
        RefusedCommand(
            arguments: ["journal", "list", "--since", "2026-03-04", "--until", "2026-03-01"], mentions: ["until"]),
        RefusedCommand(
            arguments: ["journal", "add", "z", "--at", "2026-03-01 25:30"], mentions: ["at", "local time"]),
        RefusedCommand(arguments: ["people", "edit", "Sam", "--circle", "outer"], mentions: ["No one named \"Sam\""]),
    ]
}

@Suite("kith refuses bad input with one line naming the field, and writes nothing")
struct CLIErrorTests {
    @Test(
        "a refused command exits non-zero with one line on stderr and leaves the store as it was",
        arguments: RefusedCommand.all)
    func refused(_ command: RefusedCommand) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Ana", "--type", "family"])
        try sandbox.succeed(["journal", "add", "first entry", "--mood", "3", "--tag", "start"])
        let before = try sandbox.export()

        let result = try sandbox.kith(command.arguments)
        #expect(result.status != 0, "\(result.summary)")
        #expect(result.stderrLines.count == 1, "\(result.summary)")
        for word in command.mentions {
            #expect(result.stderr.contains(word), "stderr should mention \(word): \(result.stderr)")
        }
        #expect(!result.stderr.contains("Error Domain"), "errors are written for people: \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.summary)")
        #expect(try sandbox.export() == before)
    }

    @Test("a refused first command on a fresh store leaves it empty")
    func refusedOnFreshStore() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.kith(["journal", "add", "x", "--mood", "9"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: field 'mood' must be an integer from 1 to 5, got 9\n")
        let document = try jsonObject(try sandbox.kith(["export"]))
        #expect((document["journal"] as? [Any])?.isEmpty == true)
        #expect((document["people"] as? [Any])?.isEmpty == true)
    }

    @Test("a bad --now or $KITH_NOW is refused naming where it came from")
    func badClock() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let flag = try sandbox.kith(["journal", "add", "x", "--mood", "3", "--now", "soon"])
        #expect(flag.status != 0)
        #expect(flag.stderr.contains("--now"))
        let environment = try sandbox.kith(["journal", "add", "x", "--mood", "3"], environment: ["KITH_NOW": "later"])
        #expect(environment.status != 0)
        #expect(environment.stderr.contains("KITH_NOW"))
        #expect(environment.stderrLines.count == 1)
    }
}
