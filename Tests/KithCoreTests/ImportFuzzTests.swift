import Foundation
import Testing
@testable import KithCore

/// Damaged input for every importer: truncated files, flipped bytes, invalid UTF-8, huge
/// fields, wrong types, duplicate ids. Never a crash; either all of a file or none of it.
@Suite("Importers under damaged input")
struct ImportFuzzTests {
    static let fixtures = ImporterTests.fixtures
    static let utc = TimeZone(identifier: "UTC")!

    /// A small deterministic generator, so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(n, 1)))
        }
    }

    /// One damaged copy of `bytes`. Every kind keeps the text valid UTF-8 where it was (the
    /// CLI refuses invalid UTF-8 before any importer runs, so bytes the CLI never passes on
    /// would test nothing here): the damage has to reach the parser.
    static func damage(_ bytes: [UInt8], _ g: inout Generator) -> [UInt8] {
        var b = bytes
        switch g.next(6) {
        case 0: b = Array(b.prefix(g.next(b.count)))  // truncated
        // Bytes flipped to other ASCII.
        case 1: for _ in 0..<1 + g.next(8) where !b.isEmpty { b[g.next(b.count)] = UInt8(32 + g.next(95)) }
        case 2:  // odd but valid text
            let odd = [
                "\u{0}", "\u{FEFF}", "\u{202E}", "\u{FFFD}", "e\u{301}", "\"", ",", "\n", "\r\n", "\\", "{", "}", ":",
            ]
            b.insert(contentsOf: Array(odd[g.next(odd.count)].utf8), at: g.next(b.count + 1))
        // A huge field.
        case 3: b.insert(contentsOf: Array(repeating: UInt8(ascii: "x"), count: 2_000_000), at: g.next(b.count + 1))
        case 4:  // a hole
            let start = g.next(b.count)
            b.removeSubrange(start..<min(b.count, start + 1 + g.next(max(1, b.count / 4))))
        default: b += b  // everything twice
        }
        return b
    }

    /// What one importer did with its damaged copies.
    struct Outcome { var imported = 0, refused = 0, notText = 0, skippedDuplicates = 0 }

    /// Runs one importer on damaged text and checks what `kith import` promises: every planned
    /// item is added or skipped as already there, and the store holds exactly what was added;
    /// or one clear error and nothing written.
    static func check(_ name: String, iterations: Int, original: [UInt8], plan: (String) throws -> ImportPlan) throws
        -> Outcome
    {
        var g = Generator(state: UInt64(name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) }))
        var outcome = Outcome()
        for i in 0..<iterations {
            let bytes = damage(original, &g)
            let store = try KithStore.inMemory(clock: .fixed(1_772_359_200, timeZone: utc))
            // Cutting or holing a multi-byte character can still break UTF-8: counted apart,
            // never as a refusal by the importer.
            guard let text = String(validating: bytes, as: UTF8.self) else { outcome.notText += 1; continue }
            do {
                let p = try plan(text)
                let summary = try store.apply(p, file: "fuzz")
                outcome.imported += 1
                outcome.skippedDuplicates += summary.entriesSkipped + summary.peopleSkipped
                #expect(
                    summary.entriesAdded + summary.entriesSkipped == p.entries.count,
                    "\(name) #\(i): entries planned but neither added nor skipped")
                #expect(
                    summary.peopleAdded + summary.peopleSkipped == p.people.count,
                    "\(name) #\(i): people planned but neither added nor skipped")
                #expect(
                    try store.journalEntryCount() == summary.entriesAdded,
                    "\(name) #\(i): stored entries differ from those reported added")
                #expect(
                    try store.people(PeopleFilter(archived: nil)).count == summary.peopleAdded,
                    "\(name) #\(i): stored people differ from those reported added")
            } catch let error as KithError {
                outcome.refused += 1
                #expect(!error.description.isEmpty)
                #expect(
                    try store.journalEntryCount() == 0 && store.people(PeopleFilter(archived: nil)).isEmpty,
                    "\(name) #\(i): half-imported")
            }
        }
        return outcome
    }

    @Test(
        "Daylio, jrnl and vCard importers survive damaged files",
        arguments: [
            ("daylio/sample_multiple_moods.csv", "daylio"), ("jrnl/export.json", "jrnl"),
            ("vcard/apple30_related.vcf", "vcard"),
            ("vcard/android21_qp.vcf", "vcard"), ("vcard/vcard40_full.vcf", "vcard"),
        ])
    func importers(file: String, format: String) throws {
        let original = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent(file)))
        let outcome = try Self.check(file, iterations: 60, original: original) { text in
            switch format {
            case "daylio":
                return try DaylioImporter(moodMap: "ok=3,refreshed=4,ok but sleepy=3,anxious=2").plan(
                    text, file: "fuzz", timeZone: Self.utc)
            case "jrnl": return try JrnlImporter.plan(text, file: "fuzz", timeZone: Self.utc)
            default: return try VCardImporter().plan(text, file: "fuzz")
            }
        }
        // Both outcomes must be reached, or the damage is not testing the importer.
        #expect(outcome.imported > 0 && outcome.refused + outcome.notText < 60, "\(file): nothing imported: \(outcome)")
        #expect(outcome.refused > 0, "\(file): the parser refused nothing: \(outcome)")
        // A doubled CSV or vCard repeats its rows; a doubled JSON document is not JSON.
        #expect(
            outcome.skippedDuplicates > 0 || format == "jrnl",
            "\(file): a doubled file never reached duplicate detection: \(outcome)")
    }

    @Test("a damaged Kith export is refused with one clear error and nothing half-imported")
    func exportDocument() throws {
        let source = try KithStore.inMemory(clock: .fixed(1_772_359_200, timeZone: Self.utc))
        try DemoData.fill(source)
        let original = Array(try source.exportDocument().encoded())
        var g = Generator(state: 42)
        var refused = 0
        for i in 0..<60 {
            let bytes = Self.damage(original, &g)
            let target = try KithStore.inMemory(clock: .fixed(1_772_359_200, timeZone: Self.utc))
            do {
                try target.importDocument(try StoreExport.decode(Data(bytes), file: "fuzz.json"))
            } catch let error as KithError {
                refused += 1
                #expect(!error.description.isEmpty)
                #expect(
                    try target.people(PeopleFilter(archived: nil)).isEmpty && target.journalEntryCount() == 0,
                    "#\(i): half-imported")
            }
        }
        #expect(refused > 30)
        // Duplicate ids are refused, not merged.
        var doc = try source.exportDocument()
        doc.journal.append(doc.journal[0])
        let dup = #expect(throws: KithError.self) { try KithStore.inMemory().importDocument(doc) }
        #expect(dup?.description.contains("journal[\(doc.journal.count - 1)]") == true)
    }
}
