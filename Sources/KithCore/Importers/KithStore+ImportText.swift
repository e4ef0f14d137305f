/// How a text format's rows become Kith's records, where the format leaves it open.
public struct ImportOptions: Sendable {
    /// Daylio: renamed mood labels, `label=1..5` pairs ("sad=2,average=3").
    public var moodMap: String?
    /// vCard: the support type of contacts nothing else maps.
    public var defaultType = "friend"

    public init(moodMap: String? = nil, defaultType: String = "friend") {
        self.moodMap = moodMap
        self.defaultType = defaultType
    }
}

extension KithStore {
    /// Imports `text` in a text format (daylio, jrnl, vcard, or a plugin's importer) as one
    /// transaction; `dryRun` rolls it back and says what would have been written. The one
    /// dispatch every front end uses (a Kith export document goes through `importDocument`).
    public func importText(
        _ text: String, format: String, file: String, options: ImportOptions = ImportOptions(), dryRun: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ImportSummary {
        switch format {
        case "daylio":
            let plan = try DaylioImporter(moodMap: options.moodMap).plan(text, file: file, timeZone: clock.timeZone)
            return try apply(plan, file: file, dryRun: dryRun, progress: progress)
        case "jrnl":
            return try apply(
                try JrnlImporter.plan(text, file: file, timeZone: clock.timeZone), file: file, dryRun: dryRun,
                progress: progress)
        case "vcard":
            _ = try catalog.requireSupportType(options.defaultType)
            return try apply(
                try VCardImporter(defaultType: options.defaultType).plan(text, file: file), file: file, dryRun: dryRun,
                progress: progress)
        default:
            guard let importer = catalog.importers.first(where: { $0.id == format }) else {
                let known = (ImportFormat.builtins.map(\.id) + catalog.importers.map(\.id)).joined(separator: ", ")
                throw KithError(.notFound, "There is no import format '\(format)'. Formats here: \(known).")
            }
            return try runImporter(importer, text: text, file: file, dryRun: dryRun)
        }
    }
}
