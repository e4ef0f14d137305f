// kith-fuzz: coverage-guided fuzzing of every importer and of `kith import` of a Kith export.
//   bash scripts/fuzz.sh [--seconds N]      libFuzzer build (scripts/fuzz.sh passes -DKITH_FUZZ)
//   kith-fuzz FORMAT FILE...                 replays inputs through the same check (the tests do)
// FORMAT is kith, daylio, jrnl or vcard. The property checked for every input is the one
// `kith import` promises: every planned item added or skipped, the store holding exactly what
// was added; or one KithError with nothing written.
import Foundation
import KithCore

let formats = ["kith", "daylio", "jrnl", "vcard"]

/// Imports `data` as `format` into a fresh store; stops the process (a finding) unless the
/// import keeps its promise: every planned item added or skipped as already there, and the
/// store holding exactly what was added; or one clear KithError with nothing written.
func check(format: String, data: Data) {
    let utc = TimeZone(identifier: "UTC")!
    guard let store = try? KithStore.inMemory(clock: .fixed(1_772_359_200, timeZone: utc)) else {
        fatalError("no in-memory store")
    }
    do {
        if format == "kith" {
            let document = try StoreExport.decode(data, file: "fuzz.json")
            try store.importDocument(document)
            guard let back = try? store.exportDocument(), back.people.count == document.people.count,
                back.journal.count == document.journal.count, back.interactions.count == document.interactions.count
            else {
                fatalError("imported, but the store does not hold exactly what the document holds")
            }
        } else {
            // `kith import` refuses text that is not UTF-8 before any importer sees it.
            guard let text = String(validating: data, as: UTF8.self) else { return }
            let plan: ImportPlan
            switch format {
            case "daylio": plan = try DaylioImporter().plan(text, file: "fuzz.csv", timeZone: utc)
            case "jrnl": plan = try JrnlImporter.plan(text, file: "fuzz.json", timeZone: utc)
            default: plan = try VCardImporter().plan(text, file: "fuzz.vcf")
            }
            let summary = try store.apply(plan, file: "fuzz")
            guard summary.entriesAdded + summary.entriesSkipped == plan.entries.count,
                summary.peopleAdded + summary.peopleSkipped == plan.people.count
            else {
                fatalError(
                    "planned items neither added nor skipped: \(summary) for \(plan.entries.count) entries, \(plan.people.count) people"
                )
            }
            guard let doc = try? store.exportDocument(), doc.journal.count == summary.entriesAdded,
                doc.people.count == summary.peopleAdded
            else {
                fatalError("the store does not hold exactly what the import reported added: \(summary)")
            }
        }
    } catch let error as KithError {
        guard !error.description.isEmpty else { fatalError("an empty error message") }
        guard let doc = try? store.exportDocument(), doc.people.isEmpty, doc.journal.isEmpty, doc.interactions.isEmpty
        else {
            fatalError("refused with '\(error)' but kept part of the input")
        }
        return
    } catch {
        fatalError("not one clear error: \(type(of: error)): \(error)")
    }
    // What was imported exports and reads back.
    guard let exported = try? store.exportDocument().encoded(),
        (try? StoreExport.decode(exported, file: "again.json")) != nil
    else {
        fatalError("imported, but the store no longer exports a readable document")
    }
}

#if KITH_FUZZ
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    // libFuzzer reads its own flags from argv, so the format comes from the environment.
    let fuzzedFormat = ProcessInfo.processInfo.environment["KITH_FUZZ_FORMAT"] ?? ""
    guard formats.contains(fuzzedFormat) else {
        FileHandle.standardError.write(
            Data("kith-fuzz: set KITH_FUZZ_FORMAT to one of \(formats.joined(separator: ", "))\n".utf8))
        exit(2)
    }
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = CommandLine.unsafeArgv
    exit(
        LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            let format = ProcessInfo.processInfo.environment["KITH_FUZZ_FORMAT"] ?? "kith"
            check(format: format, data: bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        })
#else
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let format = arguments.first, formats.contains(format), arguments.count > 1 else {
        FileHandle.standardError.write(
            Data("usage: kith-fuzz FORMAT FILE... (formats: \(formats.joined(separator: ", ")))\n".utf8))
        exit(2)
    }
    for path in arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("kith-fuzz: cannot read \(path)\n".utf8))
            exit(2)
        }
        check(format: format, data: data)
    }
    print("\(arguments.count - 1) \(format) inputs: each imported, or refused with one clear error and nothing written")
#endif
