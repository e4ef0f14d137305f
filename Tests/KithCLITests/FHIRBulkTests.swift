import Foundation
import Testing

/// FHIR Bulk Data through the binary: one store's folder and many stores' joined by
/// `kith batch export`, every line validated by fhir.resources (scripts/fhir_check.py --bulk).
@Suite("FHIR Bulk Data export")
struct FHIRBulkTests {
    static let env = CLIAssessmentTests.env

    /// The checker's summary of a folder, failing the test if fhir.resources refuses it.
    func check(_ sandbox: KithSandbox, _ folder: String) throws -> [String: Any] {
        let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/fhir_check.py").path
        let checked = try runProcess(
            "/usr/bin/env", ["python3", checker, "--bulk", sandbox.path(folder)],
            environment: ProcessInfo.processInfo.environment)
        #expect(checked.status == 0, "fhir.resources refused \(folder): \(checked.summary)")
        return try #require(try JSONSerialization.jsonObject(with: checked.stdoutData) as? [String: Any])
    }

    /// A client store with `results` PHQ-9 results (the last one answering item 9 "several days").
    func client(_ sandbox: KithSandbox, _ name: String, results: Int) throws {
        #expect(try sandbox.kith(["init"], store: name, environment: Self.env).status == 0)
        for n in 0..<results {
            let item9 = n == results - 1 ? "1" : "0"
            let answer = try sandbox.kith(
                ["assess", "phq9", "--answers", "1,1,2,1,0,1,0,0,\(item9)", "--now", "2026-03-0\(n + 1)T10:00:00Z"],
                store: name, environment: Self.env)
            #expect(answer.status == 0, "\(answer.summary)")
        }
    }

    @Test("one store and three joined: valid NDJSON, a manifest that counts them, stable Patient ids")
    func bulkExport() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.path("clients"), withIntermediateDirectories: true)
        for (n, results) in [1, 2, 3].enumerated() { try client(sandbox, "clients/c\(n).sqlite", results: results) }

        let one = try sandbox.kith(
            ["export", "--format", "fhir-ndjson", "-o", "one"], store: "clients/c1.sqlite", environment: Self.env)
        #expect(one.status == 0, "\(one.summary)")
        let single = try check(sandbox, "one")
        // Two results: a response, a total and item 9's own Observation each.
        #expect(single["counts"] as? [String: Int] == ["Patient": 1, "QuestionnaireResponse": 2, "Observation": 4])
        let mode =
            try FileManager.default.attributesOfItem(atPath: sandbox.path("one/Observation.ndjson"))[
                .posixPermissions] as? Int
        #expect(mode == 0o600, "the files hold clinical answers")

        let all = try sandbox.kith(
            [
                "batch", "export", "--stores", "clients/*.sqlite", "--format", "fhir-ndjson", "-o", "all", "--now",
                "2026-03-05T00:00:00Z",
            ], environment: Self.env)
        #expect(all.status == 0, "\(all.summary)")
        #expect(all.stderr.contains("3 stores: 3 succeeded, 0 failed."))
        let joined = try check(sandbox, "all")
        #expect(joined["counts"] as? [String: Int] == ["Patient": 3, "QuestionnaireResponse": 6, "Observation": 12])
        let patients = try #require(joined["patients"] as? [String])
        #expect(Set(patients).count == 3)
        #expect(
            patients.contains((single["patients"] as? [String])?.first ?? "none"),
            "a store's Patient id is its own, every time")
        let manifest = try String(contentsOfFile: sandbox.path("all/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"transactionTime\" : \"2026-03-05T00:00:00Z\""))

        // Again into another folder: the same files, line for line.
        let again = try sandbox.kith(
            ["batch", "export", "--stores", "clients/*.sqlite", "-o", "again", "--now", "2026-03-05T00:00:00Z"],
            environment: Self.env)
        #expect(again.status == 0)
        for type in ["Patient", "QuestionnaireResponse", "Observation"] {
            #expect(
                try String(contentsOfFile: sandbox.path("all/\(type).ndjson"), encoding: .utf8)
                    == String(contentsOfFile: sandbox.path("again/\(type).ndjson"), encoding: .utf8))
        }
    }

    @Test("refusals: a folder with files in it, no folder named, a broken store among good ones")
    func refusals() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox.path("clients"), withIntermediateDirectories: true)
        try client(sandbox, "clients/a.sqlite", results: 1)
        try client(sandbox, "clients/b.sqlite", results: 1)
        try FileManager.default.createDirectory(atPath: sandbox.path("full"), withIntermediateDirectories: true)
        try "keep me".write(toFile: sandbox.path("full/notes.txt"), atomically: true, encoding: .utf8)
        for arguments in [
            ["export", "--format", "fhir-ndjson", "-o", "full", "--store", "clients/a.sqlite"],
            ["batch", "export", "--stores", "clients/*.sqlite", "-o", "full"],
        ] {
            let refused = try sandbox.kith(arguments, environment: Self.env)
            #expect(refused.status != 0 && refused.stderr.contains("full is not empty"), "\(refused.summary)")
        }
        #expect(try String(contentsOfFile: sandbox.path("full/notes.txt"), encoding: .utf8) == "keep me")
        let noFolder = try sandbox.kith(["export", "--format", "fhir-ndjson", "--store", "clients/a.sqlite"])
        #expect(noFolder.status != 0 && noFolder.stderr.contains("-o DIR"), "\(noFolder.summary)")

        // A link where the folder should be: refused, nothing written through it.
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.path("link"), withDestinationPath: sandbox.path("full"))
        let linked = try sandbox.kith(
            ["export", "--format", "fhir-ndjson", "-o", "link", "--store", "clients/a.sqlite"], environment: Self.env)
        #expect(linked.status != 0 && linked.stderr.contains("not a folder (a file or a link)"), "\(linked.summary)")

        // A copy of a store has its identity: exporting both would merge two clients in the
        // server. The copy is named and left out.
        try FileManager.default.copyItem(
            atPath: sandbox.path("clients/a.sqlite"), toPath: sandbox.path("clients/a2.sqlite"))
        let copied = try sandbox.kith(
            ["batch", "export", "--stores", "clients/*.sqlite", "-o", "copied"], environment: Self.env)
        #expect(
            copied.status == 1 && copied.stderr.contains("clients/a2.sqlite: has the identity of clients/a.sqlite"),
            "\(copied.summary)")
        #expect(
            try check(sandbox, "copied")["counts"] as? [String: Int] == [
                "Patient": 2, "QuestionnaireResponse": 2, "Observation": 4,
            ])
        try FileManager.default.removeItem(atPath: sandbox.path("clients/a2.sqlite"))
        let mode = try FileManager.default.attributesOfItem(atPath: sandbox.path("copied"))[.posixPermissions] as? Int
        #expect(mode == 0o700)
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("copied/.kith-parts")), "the parts are removed")

        // A store that is not a store: named, left out, exit 1; the others are written.
        try "not a database".write(toFile: sandbox.path("clients/c.sqlite"), atomically: true, encoding: .utf8)
        let mixed = try sandbox.kith(
            ["batch", "export", "--stores", "clients/*.sqlite", "-o", "mixed"], environment: Self.env)
        #expect(mixed.status == 1 && mixed.stderr.contains("3 stores: 2 succeeded, 1 failed."), "\(mixed.summary)")
        #expect(
            try check(sandbox, "mixed")["counts"] as? [String: Int] == [
                "Patient": 2, "QuestionnaireResponse": 2, "Observation": 4,
            ])
    }
}
