import Foundation
import Testing

/// Argument mistakes get one line, like every other error, and every flag has an effect.
@Suite("argument errors and flags that mean something")
struct ArgumentErrorTests {
    @Test(
        "a mistyped subcommand is named with a suggestion, at each level",
        arguments: [
            (
                ["jornal", "add", "x"],
                "error: 'jornal' is not a kith command; did you mean 'journal'? ('kith --help' lists them)"
            ),
            (
                ["journal", "ad", "x"],
                "error: 'ad' is not a kith journal command; did you mean 'add'? ('kith journal --help' lists them)"
            ),
            (
                ["pepole", "list"],
                "error: 'pepole' is not a kith command; did you mean 'people'? ('kith --help' lists them)"
            ),
        ])
    func mistypedSubcommand(arguments: [String], expected: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.kith(arguments)
        #expect(result.status == 64 && result.stderrLines == [expected], "\(result.summary)")
    }

    @Test(
        "a usage error is one line naming the help to read",
        arguments: [
            (["people", "add"], "error: Missing expected argument '<name>' (see 'kith people add --help')"),
            (
                ["journal", "add", "x", "--mood"],
                "error: Missing value for '--mood <mood>' (see 'kith journal add --help')"
            ),
        ])
    func oneLineUsageErrors(arguments: [String], expected: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.kith(arguments)
        #expect(result.status == 64 && result.stderrLines == [expected], "\(result.summary)")
    }

    @Test("report formats: any case, from -o's extension, --json means JSON, and a contradiction is refused")
    func reportFormats() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        #expect(try sandbox.succeed(["report", "weekly", "--format", "HTML"]).stdout.hasPrefix("<!DOCTYPE html>"))
        try sandbox.succeed(["report", "weekly", "-o", "week.html"])
        #expect(try String(contentsOfFile: sandbox.path("week.html"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        try sandbox.succeed(["report", "coverage", "-o", "coverage.csv"])
        #expect(try String(contentsOfFile: sandbox.path("coverage.csv"), encoding: .utf8).hasPrefix("Support type,"))
        #expect(
            try jsonObject(sandbox.succeed(["report", "weekly", "--json"]))["title"] as? String != nil,
            "--json gives the JSON document")
        let clash = try sandbox.kith(["report", "weekly", "--format", "csv", "-o", "x.html"])
        #expect(
            clash.status == 64
                && clash.stderrLines == [
                    "error: --format csv does not match -o x.html; name the file .csv or drop --format. (see 'kith report --help')"
                ],
            "\(clash.summary)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("x.html")))
    }

    @Test("an unquoted --stores pattern the shell expanded is explained, for batch and for report")
    func expandedStores() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for name in ["a", "b"] { try sandbox.succeed(["init"], store: sandbox.path("clients/\(name).sqlite")) }
        try "print(1)".write(toFile: sandbox.path("s.lua"), atomically: true, encoding: .utf8)
        // What bash passes for: kith batch --stores clients/*.sqlite s.lua
        let expanded = [sandbox.path("clients/a.sqlite"), sandbox.path("clients/b.sqlite")]
        for command in [
            ["batch", "--stores"] + expanded + ["s.lua"],
            ["report", "weekly", "--stores"] + expanded + ["-o", "out/{name}.html"],
        ] {
            let result = try sandbox.kith(command)
            #expect(result.status == 64 && result.stderrLines.count == 1, "\(result.summary)")
            #expect(
                result.stderr.contains("the shell expanded the pattern. Quote it: --stores 'clients/*.sqlite'"),
                "\(result.summary)")
        }
    }

    @Test("a command that fails after saying why prints no second, empty error line")
    func noEmptyErrorLine() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try "error('boom')".write(toFile: sandbox.path("s.lua"), atomically: true, encoding: .utf8)
        let batch = try sandbox.kith(["batch", "--stores", sandbox.storePath, "s.lua"])
        #expect(
            batch.status == 1 && !batch.stderrLines.contains { $0.hasPrefix("error:  (see") || $0 == "error: " },
            "\(batch.summary)")
        let doctor = try sandbox.kith(["doctor"], store: sandbox.path("none.sqlite"))
        #expect(doctor.status == 1 && doctor.stderr.isEmpty, "\(doctor.summary)")
    }
}

/// Flags that would do nothing together are refused, and ids take the same form everywhere.
@Suite("flags that contradict, ids everywhere")
struct FlagEffectTests {
    @Test("contradicting flags are one clear line; journal show takes 1 and #1 as every command does")
    func contradictions() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["journal", "add", "First", "--mood", "3"])
        for form in ["1", "#1"] {
            let shown = try sandbox.kith(["journal", "show", form])
            #expect(shown.status == 0 && shown.stdout.contains("First"), "\(form): \(shown.summary)")
        }
        for (args, says) in [
            (["people", "list", "--all", "--archived"], "give one of --all and --archived"),
            (["schedule", "list", "--json", "--ics"], "choose one"),
            (["remind", "--json", "-o", "x.ics"], "choose one"),
        ] {
            let r = try sandbox.kith(args)
            #expect(
                r.status != 0 && r.stderr.contains(says) && r.stderr.split(separator: "\n").count == 1,
                "\(args): \(r.summary)")
        }
    }
}
