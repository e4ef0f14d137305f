import Foundation
import Testing

/// Names as people type them: any case, without accents, a unique start, ids with or without #.
@Suite("forgiving names on the command line")
struct ForgivingNameTests {
    @Test(
        "case, accents and a unique start find the person; a shared start lists the candidates; ids work with or without #"
    )
    func resolve() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for name in ["Sam Ortiz", "Sara Lee", "Zoë"] {
            try sandbox.succeed(["people", "add", name, "--type", "friend"])
        }
        try sandbox.succeed(["log", "zoe", "--channel", "call"])
        try sandbox.succeed(["log", "SAM ortiz", "--channel", "text"])
        try sandbox.succeed(["log", "sam", "--channel", "text"])
        try sandbox.succeed(["log", "2", "--channel", "call"])
        try sandbox.succeed(["log", "#2", "--channel", "call"])
        let logged = try jsonObjects(sandbox.succeed(["interactions", "list", "--json"])).compactMap {
            $0["person_id"] as? Int
        }
        #expect(logged.sorted() == [1, 1, 2, 2, 3], "\(logged)")
        let ambiguous = try sandbox.kith(["people", "show", "sa"])
        #expect(
            ambiguous.status == 1
                && ambiguous.stderrLines == [
                    "error: field 'person' \"sa\" could be 2 people: Sam Ortiz (#1), Sara Lee (#2); give more of the name, or the #id"
                ],
            "\(ambiguous.summary)")
        let nobody = try sandbox.kith(["people", "show", "Quinn"])
        #expect(nobody.status == 1 && nobody.stderr.contains("No one named \"Quinn\""), "\(nobody.summary)")
        #expect(try sandbox.succeed(["people", "show", "zoë"]).stdout.contains("Zoë"))
        try sandbox.succeed(["people", "edit", "SARA", "--phone", "+1 555 0142"])
        #expect(try sandbox.succeed(["people", "show", "2"]).stdout.contains("+1 555 0142"))
    }

    @Test("a name that differs only in case, accents or spaces is refused as a duplicate")
    func duplicates() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Sam Ortiz", "--type", "friend"])
        for twin in ["sam ortiz", "SAM  ORTIZ", "Sâm Ortiz"] {
            let result = try sandbox.kith(["people", "add", twin, "--type", "friend"])
            #expect(
                result.status == 1 && result.stderrLines.count == 1
                    && result.stderr.contains("\"Sam Ortiz\" is already in your network"),
                "\(twin): \(result.summary)")
        }
        #expect(try jsonObjects(sandbox.succeed(["people", "list", "--json"])).count == 1)
    }

    @Test("deleting asks for the whole name or the #id: a start of a name deletes no one")
    func deleteNeedsWholeName() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["people", "add", "Alice Moreau", "--type", "friend"])
        let start = try sandbox.kith(["people", "delete", "al"])
        #expect(start.status == 1 && start.stderr.contains("No one named \"al\""), "\(start.summary)")
        #expect(try jsonObjects(sandbox.succeed(["people", "list", "--json"])).count == 1)
        try sandbox.succeed(["people", "delete", "alice moreau"])
        #expect(try jsonObjects(sandbox.succeed(["people", "list", "--json"])).isEmpty)
    }
}
