import Foundation
import Testing

/// `kith import FILE` tells the built-in formats apart by their content, as a person who
/// does not know the format's name would use it.
@Suite("kith import FILE detects the format")
struct ImportDetectionTests {
    static let fixtures = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures")

    @Test(
        "Daylio CSV, jrnl JSON, vCard and a Kith export import without a format name, each saying what it was read as",
        arguments: [
            ("daylio/sample_multiple_moods.csv", "daylio"), ("jrnl/export.json", "jrnl"),
            ("vcard/vcard40_full.vcf", "vcard"),
            ("kith/small-export.json", "kith"),
        ])
    func detects(file: String, format: String) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let path = Self.fixtures.appendingPathComponent(file).path
        var args = ["import", path]
        if format == "daylio" { args += ["--mood-map", "anxious=2,ok=3,ok but sleepy=3,refreshed=4"] }
        let detected = try sandbox.kith(args)
        #expect(detected.status == 0 && detected.stdout.hasPrefix("Imported"), "\(detected.summary)")
        if format != "kith" { #expect(detected.stderr.contains("reads as \(format)"), "\(detected.summary)") }
        // The same data as naming the format gives.
        let named = try KithSandbox()
        defer { named.remove() }
        #expect(try named.kith(["import", format, path] + Array(args.dropFirst(2))).status == 0)
        #expect(
            try sandbox.kith(["journal", "list", "--json"]).stdout == named.kith(["journal", "list", "--json"]).stdout)
        #expect(
            try sandbox.kith(["people", "list", "--json"]).stdout == named.kith(["people", "list", "--json"]).stdout)
    }

    @Test("a file of no known format names what was tried and how to name one; a format without a file says so")
    func unknown() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try "date;feeling\n2026-03-01;ok\n".write(toFile: sandbox.path("notes.csv"), atomically: true, encoding: .utf8)
        let r = try sandbox.kith(["import", "notes.csv"])
        #expect(
            r.status != 0 && r.stderr.contains("Could not tell the format of notes.csv")
                && r.stderr.contains("kith import FORMAT notes.csv"),
            "\(r.summary)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        let formatOnly = try sandbox.kith(["import", "vcard"])
        #expect(formatOnly.status != 0 && formatOnly.stderr.contains("give the file too"), "\(formatOnly.summary)")
    }
}
