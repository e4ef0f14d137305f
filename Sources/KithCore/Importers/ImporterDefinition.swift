import Foundation

/// An importer a plugin defines (`kith.importers.define`): it reads the whole file and writes
/// through the store, all in one transaction.
public struct ImporterDefinition: @unchecked Sendable {
    /// The format name used in `kith import ID FILE`.
    public let id: String
    public let description: String
    /// The plugin that defined it.
    public let plugin: String
    /// The largest file it takes: its code holds the whole text within its memory limit.
    public let maxFileBytes: Int
    /// Runs the importer on a file's text; returns the counts it reports.
    public let run: (_ text: String, _ file: String) throws -> [String: Int]

    /// Creates a definition.
    public init(
        id: String, description: String, plugin: String, maxFileBytes: Int = .max,
        run: @escaping (_ text: String, _ file: String) throws -> [String: Int]
    ) {
        self.id = id
        self.description = description
        self.plugin = plugin
        self.maxFileBytes = maxFileBytes
        self.run = run
    }

    /// Refuses a file larger than the importer takes, before anything reads it.
    public func checkSize(of file: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        guard size <= maxFileBytes else {
            throw KithError.invalid(
                "file",
                "is \(size >> 20) MiB; the '\(id)' importer of plugin '\(plugin)' reads a file whole, "
                    + "within its memory limit: at most \(maxFileBytes >> 20) MiB. Split the file; nothing was imported"
            )
        }
    }
}

/// The formats `kith import` reads.
public enum ImportFormat {
    /// Built-in formats with a line about each.
    public static let builtins: [(id: String, description: String)] = [
        ("kith", "a Kith export (JSON), into an empty store"),
        ("daylio", "Daylio CSV export: moods, activities as tags, notes"),
        ("jrnl", "jrnl JSON export: entries, tags, stars"),
        ("vcard", "vCard 2.1, 3.0 or 4.0 contacts (.vcf) into people"),
    ]
}

extension KithStore {
    /// Runs a plugin importer in one transaction (rolled back for a dry run).
    public func runImporter(_ importer: ImporterDefinition, text: String, file: String, dryRun: Bool) throws
        -> ImportSummary
    {
        let (counts, _) = try transaction(rollback: dryRun) { try importer.run(text, file) }
        var summary = ImportSummary()
        summary.counts = counts
        return summary
    }
}
