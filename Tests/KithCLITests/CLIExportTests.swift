import Foundation
import Testing

@Suite("kith export, import and backup")
struct CLIExportTests {
    @Test("demo, export -o, import into a second store, export again: the two files are byte-identical")
    func roundTrip() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let demo = try sandbox.succeed(["demo"])
        #expect(demo.stdout.contains("Filled"))
        let first = sandbox.path("a.json")
        let exported = try sandbox.succeed(["export", "-o", first])
        #expect(exported.stdout.isEmpty)
        #expect(exported.stderr.contains("Exported to"))
        #expect(try posixPermissions(first) == 0o600)

        let second = sandbox.path("second/kith.sqlite")
        try sandbox.succeed(["init"], store: second)
        let imported = try sandbox.succeed(["import", first], store: second)
        #expect(imported.stdout.contains("Imported 8 people"))
        let copy = sandbox.path("b.json")
        try sandbox.succeed(["export", "-o", copy], store: second)

        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: copy))
        #expect(a.count > 1000)
        #expect(a == b)
        #expect(try sandbox.export() == a, "export to standard output matches export -o")

        let document = try #require(try JSONSerialization.jsonObject(with: a) as? [String: Any])
        #expect(document["format"] as? String == "kith-export")
        #expect((document["people"] as? [Any])?.count == 8)
        #expect((document["journal"] as? [Any])?.count == 56)
    }

    @Test("the demo refuses a store that already holds people")
    func demoTwice() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["demo"])
        let before = try sandbox.export()
        let again = try sandbox.kith(["demo"])
        #expect(again.status != 0)
        #expect(again.stderrLines.count == 1)
        #expect(try sandbox.export() == before)
    }

    @Test("import refuses a store that already holds data, and writes nothing")
    func importIntoNonEmptyStore() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["demo"])
        let file = sandbox.path("a.json")
        try sandbox.succeed(["export", "-o", file])

        let other = sandbox.path("other.sqlite")
        try sandbox.succeed(["init"], store: other)
        try sandbox.succeed(["people", "add", "Zed", "--type", "friend"], store: other)
        let before = try sandbox.export(store: other)
        let refused = try sandbox.kith(["import", file], store: other)
        #expect(refused.status != 0)
        #expect(refused.stderrLines.count == 1)
        #expect(refused.stderr.contains("already holds data"))
        #expect(try sandbox.export(store: other) == before)
    }

    @Test("import of a file that is not an export is refused with one line, and writes nothing")
    func importGarbage() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let file = sandbox.path("notes.json")
        try Data("{\"hello\": \"world\"}".utf8).write(to: URL(fileURLWithPath: file))
        let refused = try sandbox.kith(["import", file])
        #expect(refused.status != 0)
        #expect(refused.stderrLines.count == 1)
        #expect(refused.stderr.contains("notes.json"))
        let missing = try sandbox.kith(["import", sandbox.path("missing.json")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("missing.json"))
        let document = try #require(try JSONSerialization.jsonObject(with: try sandbox.export()) as? [String: Any])
        #expect((document["people"] as? [Any])?.isEmpty == true)
    }

    @Test("backup PATH makes a private store whose export equals the original, and never overwrites a file")
    func backup() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["demo"])
        let original = try sandbox.export()
        let target = sandbox.path("backups/copy.sqlite")
        let made = try sandbox.succeed(["backup", target])
        #expect(made.stdout.contains("Backed up to \(target)"))
        #expect(try posixPermissions(target) == 0o600)
        #expect(try sandbox.export(store: target) == original)

        try sandbox.succeed(["journal", "add", "after the backup", "--mood", "4"])
        let again = try sandbox.kith(["backup", target])
        #expect(again.status != 0)
        #expect(again.stderrLines.count == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try sandbox.export(store: target) == original, "the existing backup is untouched")
        #expect(try sandbox.export() != original)
    }
}
