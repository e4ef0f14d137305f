/// Something Kith or a plugin defines by id: a support type, a metric, a report, an
/// assessment, an importer, a reminder rule. The catalog keeps each kind on its own shelf and
/// applies one rule of ownership to all: an id belongs to whoever defined it first (Kith's
/// built-ins before any plugin); a second plugin claiming it contests it, and neither is used.
public protocol CatalogEntry: Sendable {
    /// The kind, as a person reads it: "support type", "metric".
    static var kind: String { get }
    /// Where the catalog keeps this kind.
    static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<Self>> { get }
    /// The id, unique within the kind.
    var entryID: String { get }
    /// The plugin that defined it; nil for Kith's own.
    var definedBy: String? { get }
    /// Checks what an id alone cannot: ranges, items, choices.
    func check() throws
}

extension CatalogEntry {
    public func check() throws {}
}

/// One kind's definitions, in the order they were defined (built-ins first).
public struct Shelf<Entry: CatalogEntry>: Sendable {
    var entries: [Entry]

    /// Who holds `id`: nil when no one, `.some(nil)` when Kith, `.some(plugin)` when a plugin.
    func owner(of id: String) -> String?? {
        entries.first { $0.entryID == id }.map(\.definedBy)
    }

    mutating func remove(definedBy plugin: String) {
        entries.removeAll { $0.definedBy == plugin }
    }
}

extension SupportType: CatalogEntry {
    public static let kind = "support type"
    public static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<SupportType>> { \.typeShelf }
    public var entryID: String { id }
    public var definedBy: String? { builtin ? nil : plugin }
}

extension MetricDefinition: CatalogEntry {
    public static let kind = "metric"
    public static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<MetricDefinition>> { \.metricShelf }
    public var entryID: String { id }
    public var definedBy: String? { builtin ? nil : plugin }

    public func check() throws {
        if let lo = min, let hi = max, lo > hi {
            throw KithError.invalid("min", "must not be above max (\(lo) > \(hi))")
        }
    }
}

extension ReportDefinition: CatalogEntry {
    public static let kind = "report"
    public static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<ReportDefinition>> { \.reportShelf }
    public var entryID: String { id }
    public var definedBy: String? { plugin }
}

extension ImporterDefinition: CatalogEntry {
    public static let kind = "import format"
    public static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<ImporterDefinition>> { \.importerShelf }
    public var entryID: String { id }
    public var definedBy: String? { plugin }
}

extension ReminderRule: CatalogEntry {
    public static let kind = "reminder rule"
    public static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<ReminderRule>> { \.ruleShelf }
    public var entryID: String { source }
    /// `PLUGIN/RULE`: the plugin is the part before the slash.
    public var definedBy: String? { source.split(separator: "/", maxSplits: 1).first.map(String.init) }
}

extension AssessmentDefinition: CatalogEntry {
    public static let kind = "assessment"
    public static var shelf: ReferenceWritableKeyPath<Catalog, Shelf<AssessmentDefinition>> { \.assessmentShelf }
    public var entryID: String { id }
    public var definedBy: String? { plugin }

    public func check() throws {
        guard !items.isEmpty else { throw KithError.invalid("items", "must list at least one item") }
        guard Set(items.map(\.id)).count == items.count else {
            throw KithError.invalid("items", "must have distinct ids")
        }
        for item in items where choices(for: item).isEmpty {
            throw KithError.invalid("choices", "are missing for item \(item.id)")
        }
        // Answers given in order (`--answers`) fill the required items first.
        if let first = items.firstIndex(where: \.optional), items[first...].contains(where: { !$0.optional }) {
            throw KithError.invalid("items", "must list optional items after all the others")
        }
    }
}
