import ArgumentParser
import Foundation
import KithCore
import KithSeal
import KithSession

/// `kith export`: the whole store as one JSON document.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole store as one JSON document, or assessment results as FHIR (--format fhir).",
        discussion: "--format fhir-ndjson -o DIR writes FHIR Bulk Data: one NDJSON file per resource type and "
            + "manifest.json, into a new or empty folder ('kith batch export' does it for many stores at once).")

    @OptionGroup var storeOptions: StoreOptions
    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(
        help:
            "kith (the whole store, JSON), fhir (assessment results as a FHIR R4 Bundle for a clinic) or fhir-ndjson (FHIR Bulk Data files into the folder -o names)."
    )
    var format = "kith"
    @Flag(help: "Of an encrypted store: write it in plaintext (said before it is written).") var plaintext = false
    @Flag(help: "Of a plain store: encrypt the export with a passphrase (asked twice, or --passphrase-file).")
    var encrypt = false

    func validate() throws {
        guard ["kith", "fhir", "fhir-ndjson"].contains(format) else {
            throw ValidationError("--format must be kith, fhir or fhir-ndjson.")
        }
        if format == "fhir-ndjson" && output == nil {
            throw ValidationError("--format fhir-ndjson writes a folder of files: name it with -o DIR.")
        }
        if format == "fhir-ndjson" && encrypt {
            throw ValidationError("fhir-ndjson is plain NDJSON for a FHIR server; --encrypt does not apply to it.")
        }
        if plaintext && encrypt { throw ValidationError("--plaintext and --encrypt contradict each other; give one.") }
    }

    func run() throws {
        let store = try storeOptions.open()
        if format == "fhir-ndjson", let output { return try writeBulkData(store, to: output) }
        var data = format == "fhir" ? try FHIRExport.bundle(store) : try store.exportDocument().encoded()
        // An encrypted store's export is encrypted the same (its passphrase opens it).
        if store.isEncrypted && !plaintext {
            data = try store.sealedLikeStore(data) ?? data
        } else if store.isEncrypted {
            Terminal.error(
                "kith: writing a PLAINTEXT export of an encrypted store to \(output ?? "standard output"): anyone who can read it reads everything in it.\n"
            )
        } else if encrypt {
            let (header, key, _) = try PassphrasePrompt.newKey(file: storeOptions.passphraseFile, recovery: false)
            data = try data.withUnsafeBytes { try Seal.seal($0, header: header, key: key) }
        }
        guard let output else { return FileHandle.standardOutput.write(data) }
        try PrivateFile.write(data, to: output)
        Terminal.error("Exported to \(output).\n")
    }
}

extension Export {
    /// FHIR Bulk Data of one store. Plain NDJSON is what a FHIR server loads, so an encrypted
    /// store's needs --plaintext, said out loud.
    func writeBulkData(_ store: KithStore, to folder: String) throws {
        if store.isEncrypted && !plaintext {
            throw KithError(
                .invalidInput,
                "this store is encrypted and FHIR NDJSON files are plaintext; add --plaintext to write them anyway (nothing was written)"
            )
        }
        if store.isEncrypted {
            Terminal.error(
                "kith: writing PLAINTEXT FHIR files of an encrypted store to \(folder): anyone who can read them reads every answer in them.\n"
            )
        }
        let counts = try FHIRBulkExport.write(
            try FHIRBulkExport.lines(store), to: folder, transactionTime: store.clock.nowText,
            request: "kith export --format fhir-ndjson")
        Terminal.error(
            "Wrote FHIR Bulk Data to \(folder): "
                + counts.map { "\($0.count) \($0.type)" }.joined(separator: ", ") + ", and manifest.json.\n")
    }
}

/// `kith import [FORMAT] FILE`: a Kith export, Daylio, jrnl, vCard, or a plugin's format.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring data in: a Kith export, Daylio CSV, jrnl JSON, vCard contacts, or a plugin's format.",
        discussion: "kith import FILE tells a Kith export, Daylio CSV, jrnl JSON and vCard apart by their content; "
            + "kith import FORMAT FILE names the format (a plugin's formats always need it). "
            + "formats: kith, daylio, jrnl, vcard, and any a plugin defines ('kith import --formats'). "
            + "Each import is one transaction: a bad line imports nothing and is named. Importing the same file again adds nothing."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "FORMAT FILE, or just FILE to tell the format from its content.") var arguments: [String] = []
    @Flag(help: "Show what would be imported, and write nothing.") var dryRun = false
    @Option(
        name: .customLong("mood-map"),
        help: ArgumentHelp("Daylio: renamed mood labels, label=1..5 (\"sad=2,average=3\").", valueName: "map"))
    var moodMap: String?
    @Option(
        name: .customLong("type"),
        help: ArgumentHelp("vCard: the support type of contacts nothing maps (default friend).", valueName: "type"))
    var defaultType = "friend"
    @Flag(help: "List the import formats.") var formats = false

    func validate() throws {
        if !formats && !(1...2).contains(arguments.count) {
            throw ValidationError(
                "Give FORMAT FILE (formats: kith, daylio, jrnl, vcard, or a plugin's), or just FILE to tell the format from its content."
            )
        }
    }

    func run() throws {
        let store = try storeOptions.open()
        if formats {
            for (id, text) in ImportFormat.builtins { print(Output.padded(id, to: 12) + text) }
            for i in store.catalog.importers {
                print(Output.padded(i.id, to: 12) + "\(i.description) (plugin \(i.plugin))")
            }
            return
        }
        let file = arguments.last!
        let known = ImportFormat.builtins.map(\.id) + store.catalog.importers.map(\.id)
        if arguments.count == 1 && known.contains(file) && !FileManager.default.fileExists(atPath: file) {
            throw KithError(.invalidInput, "'\(file)' is a format; give the file too: kith import \(file) FILE.")
        }
        try store.catalog.importers.first { $0.id == arguments.first }?.checkSize(of: file)
        guard var data = FileManager.default.contents(atPath: file) else {
            throw KithError(.notFound, "Could not read \(file): no such file, or not readable.")
        }
        if Seal.isSealed(data) {
            data = try Self.opened(data, file: file, store: store, options: storeOptions)
            if !store.isEncrypted {
                Terminal.error(
                    "kith: \(file) is encrypted, but the store it goes into is not: what it holds will be readable on disk there ('kith encrypt' encrypts the store).\n"
                )
            }
        }
        let format: String
        if arguments.count == 2 {
            format = arguments[0]
        } else if let detected = ImportFormat.detect(data) {
            format = detected
            if format != "kith" { Terminal.error("kith: \(file) reads as \(format); importing it as that.\n") }
        } else {
            throw KithError(
                .invalidInput,
                "Could not tell the format of \(file); Kith looked for \(ImportFormat.detectionSummary). "
                    + "Name it: kith import FORMAT \(file) (formats here: \(known.joined(separator: ", "))).")
        }
        if format == "kith" { return try importExport(data, file: file, store: store) }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw KithError(
                .invalidInput, "\(file) is not UTF-8 text; save it as UTF-8 and try again. Nothing was imported.")
        }
        let progress = ProgressBar(label: "importing \((file as NSString).lastPathComponent)")
        let summary = try store.importText(
            text, format: format, file: file, options: ImportOptions(moodMap: moodMap, defaultType: defaultType),
            dryRun: dryRun, progress: progress.update)
        progress.finish()
        if output.json { return try Output.json(summary) }
        print((dryRun ? "Dry run, nothing written: would import " : "Imported ") + summary.line + " from \(file).")
    }

    /// An encrypted export, opened with this store's key when it was sealed like it, else with
    /// the key kept for it or its passphrase.
    static func opened(_ data: Data, file: String, store: KithStore, options: StoreOptions) throws -> Data {
        try KithStore.explainingSeal(file) {
            let header = try Seal.header(data)
            if let own = store.sealKey, own.header.fileID == header.fileID { return try Seal.open(data, key: own.key) }
            guard let unlock = options.sessionOptions.unlock else { throw SealError.wrongPassphrase }
            return try Seal.open(data, key: try unlock(header))
        }
    }

    private func importExport(_ data: Data, file: String, store: KithStore) throws {
        let doc = try StoreExport.decode(data, file: file)
        if dryRun {
            print("Dry run, nothing written: would import \(doc.countsText).")
            return
        }
        try store.importDocument(doc)
        print("Imported \(doc.countsText).")
    }
}

/// `kith backup PATH`: a consistent copy, safe while others write.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the store to a new file, safely, even while Kith is writing to it.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The new file.") var destination: String

    func run() throws {
        try storeOptions.open().backup(to: destination)
        print("Backed up to \(destination).")
    }
}

/// `kith restore FILE`: a backup put back as the store, after checking it, keeping the old one.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Put a backup back as your store, keeping the current one beside it.",
        discussion:
            "The backup must be a whole, intact Kith store (SQLite's integrity check runs first). The current store is "
            + "copied to kith-before-restore-STAMP.sqlite in its folder (or, if it is damaged, moved to kith-damaged-STAMP.sqlite "
            + "with its side files) before the backup replaces it. A backup of another store is refused unless --replace-other-store."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The backup file ('kith backup' makes one).") var backup: String
    @Flag(help: "Replace the store even though the backup is of another store (another person's).")
    var replaceOtherStore = false

    func run() throws {
        let clock = try KithSession.clock(storeOptions.sessionOptions)
        let stamp = clock.nowText.filter { $0.isNumber || $0 == "T" }
        let path = try storeOptions.path
        let outcome = try StoreRestore(backup: backup, path: path, unlock: storeOptions.sessionOptions.unlock).run(
            stamp: stamp, replacingAnotherStore: replaceOtherStore)
        if output.json {
            return try Output.json(["store": path, "previous": outcome.previous ?? "", "store_id": outcome.storeID])
        }
        print("Restored \(backup) as your store at \(path).")
        if let previous = outcome.previous { print("The store it replaced is kept at \(previous).") }
    }
}

/// Writes files that hold personal data with mode 0600.
enum PrivateFile {
    static func write(_ data: Data, to path: String) throws {
        let created = FileManager.default.createFile(
            atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        guard created, let handle = FileHandle(forWritingAtPath: path) else {
            throw KithError(.storage, "Could not write \(path): check that the folder exists and is writable.")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: data)
    }
}
