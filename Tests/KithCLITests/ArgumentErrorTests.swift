import Foundation
import Testing

/// Argument mistakes get one line, like every other error, and every flag has an effect.
@Suite("argument errors and flags that mean something")
struct ArgumentErrorTests {
    @Test("a mistyped subcommand is named with a suggestion, at each level",
          arguments: [(["jornal", "add", "x"], "error: 'jornal' is not a kith command; did you mean 'journal'? ('kith --help' lists them)"),
                      (["journal", "ad", "x"], "error: 'ad' is not a kith journal command; did you mean 'add'? ('kith journal --help' lists them)"),
                      (["pepole", "list"], "error: 'pepole' is not a kith command; did you mean 'people'? ('kith --help' lists them)")])
    func mistypedSubcommand(arguments: [String], expected: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.kith(arguments)
        #expect(result.status == 64 && result.stderrLines == [expected], "\(result.summary)")
    }

    @Test("a usage error is one line naming the help to read", arguments: [
        (["people", "add"], "error: Missing expected argument '<name>' (see 'kith people add --help')"),
        (["journal", "add", "x", "--mood"], "error: Missing value for '--mood <mood>' (see 'kith journal add --help')"),
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
        #expect(try jsonObject(sandbox.succeed(["report", "weekly", "--json"]))["title"] as? String != nil, "--json gives the JSON document")
        let clash = try sandbox.kith(["report", "weekly", "--format", "csv", "-o", "x.html"])
        #expect(clash.status == 64 && clash.stderrLines == ["error: --format csv does not match -o x.html; name the file .csv or drop --format. (see 'kith report --help')"],
                "\(clash.summary)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("x.html")))
    }
}
