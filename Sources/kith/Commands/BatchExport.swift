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
        // The folder is made (or checked empty) and private before any store runs; each
        // store's own export goes inside it, beside the result, and is removed once joined.
        try FHIRBulkExport.prepare(output)
        let parts = output + "/.kith-parts"
        guard mkdir(parts, 0o700) == 0 else {
            throw KithError(.storage, "Could not make \(parts): \(String(cString: strerror(errno)))")
        }
        defer { try? FileManager.default.removeItem(atPath: parts) }
        if plaintext {
            let encrypted = paths.filter { (try? KithStore.sealHeader(at: $0)) ?? nil != nil }.count
            if encrypted > 0 {
                Terminal.error(
                    "kith: writing PLAINTEXT FHIR files of \(Output.count(encrypted, "encrypted store", "encrypted stores")) to \(output): anyone who can read them reads every answer in them.\n"
                )
            }
        }
        let folders = paths.indices.map { parts + String(format: "/%06d", $0) }
        let folderOf = Dictionary(zip(paths, folders), uniquingKeysWith: { first, _ in first })
        var results = BatchRunner(jobs: selection.jobs).run(stores: paths) { store in
            ["export", "--format", "fhir-ndjson", "-o", folderOf[store] ?? parts + "/unnamed"]
                + (plaintext ? ["--plaintext"] : []) + selection.childArguments(for: store)
        }
        // A store's Patient is one client. Two stores with one identity (one copied from the
        // other) would merge two clients' answers in the server: the later one is left out.
        var firstWith: [String: String] = [:], joined: [String] = []
        for (i, r) in results.enumerated() where r.ok {
            let id = FHIRBulkExport.patientID(in: folders[i]) ?? "none"
            if let first = firstWith[id] {
                results[i] = BatchRunner.Result(
                    store: r.store, ok: false, exitCode: 1, seconds: r.seconds, stdout: r.stdout,
                    stderr:
                        "has the identity of \(first) (one is a copy of the other); left out so that two clients' results are not merged\n"
                )
                continue
            }
            firstWith[id] = r.store
            joined.append(folders[i])
        }
        let now = try selection.now.map { try KithTime.parseInstant($0, field: "now") }.map(KithTime.formatInstant)
        let counts = try FHIRBulkExport.join(
            parts: joined, into: output,
            transactionTime: now ?? KithTime.formatInstant(Int64(Date().timeIntervalSince1970)),
            request: "kith batch export --format fhir-ndjson")
        if json { try Output.json(results) }
        Terminal.error(
            "Wrote FHIR Bulk Data to \(output): " + counts.map { "\($0.count) \($0.type)" }.joined(separator: ", ")
                + ", and manifest.json.\n")
        try BatchRunner.summarize(results)
    }
}
