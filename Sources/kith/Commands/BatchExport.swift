import ArgumentParser
import Foundation
import KithCore
import KithSession

/// `kith batch export --stores GLOB --format fhir-ndjson -o DIR`: many stores' assessment
/// results as one set of FHIR Bulk Data files, so a clinic loads all its clients at once.
struct BatchExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write many stores' assessment results as one set of FHIR Bulk Data files (--format fhir-ndjson).",
        discussion: "Each store is exported by its own 'kith export --format fhir-ndjson' process (--jobs at once); "
            + "their files are joined in store order into DIR: one NDJSON file per resource type and manifest.json. "
            + "Each store's Patient id is its own and the same on every export. "
            + "A store that fails is named and left out; the command then exits 1."
    )

    @OptionGroup var selection: BatchStores
    @Option(help: "fhir-ndjson: FHIR Bulk Data files, the format a FHIR server's bulk import reads.")
    var format = "fhir-ndjson"
    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write (new or empty).", valueName: "dir"))
    var output: String
    @Flag(help: "Encrypted stores: write their results as plaintext NDJSON (said before it is written).")
    var plaintext = false
    @Flag(help: "Print each store's result as JSON (store, ok, exit code, seconds, stdout, stderr).") var json = false

    func validate() throws {
        guard format == "fhir-ndjson" else { throw ValidationError("--format must be fhir-ndjson.") }
        try StoreGlob.checkNotExpanded(selection.stores, others: [output])
    }

    func run() throws {
        let paths = try selection.paths()
        // Checked before any store runs: a full folder would otherwise fail at the end.
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: output), !existing.isEmpty {
            throw KithError(.invalidInput, "\(output) is not empty; give a new or empty folder (nothing was exported)")
        }
        let scratch = try ScratchFolder.make("kith-batch-export")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let folders = paths.indices.map { scratch.appendingPathComponent(String(format: "%06d", $0)).path }
        let index = Dictionary(uniqueKeysWithValues: zip(paths, folders))
        let results = BatchRunner(jobs: selection.jobs).run(stores: paths) { store in
            ["export", "--format", "fhir-ndjson", "-o", index[store]!] + (plaintext ? ["--plaintext"] : [])
                + selection.childArguments(for: store)
        }
        var joined: [String: [String]] = [:]
        for (result, folder) in zip(results, folders) where result.ok {
            for (type, lines) in try FHIRBulkExport.read(folder: folder) { joined[type, default: []] += lines }
        }
        let now = try selection.now.map { try KithTime.parseInstant($0, field: "now") }.map(KithTime.formatInstant)
        let counts = try FHIRBulkExport.write(
            joined, to: output, transactionTime: now ?? KithTime.formatInstant(Int64(Date().timeIntervalSince1970)),
            request: "kith batch export --format fhir-ndjson")
        if json { try Output.json(results) }
        Terminal.error(
            "Wrote FHIR Bulk Data to \(output): " + counts.map { "\($0.count) \($0.type)" }.joined(separator: ", ")
                + ", and manifest.json.\n")
        try BatchRunner.summarize(results)
    }
}
