import Foundation

/// What this process knows how to do: Kith's built-ins plus whatever loaded plugins define
/// (support types, metrics, reports, assessments, importers, reminder rules, a default crisis
/// line). One registry: each kind on its own shelf, one rule of ownership for all (see
/// `CatalogEntry`). It lives in memory, not in the store: records keep their type id even when
/// the plugin that defined it is removed, and only new writes are checked against it.
public final class Catalog: @unchecked Sendable {
    private let lock = NSLock()
    var typeShelf = Shelf<SupportType>(entries: SupportType.builtins)
    var metricShelf = Shelf<MetricDefinition>(entries: MetricDefinition.builtins)
    var reportShelf = Shelf<ReportDefinition>(entries: BuiltinReports.all)
    var assessmentShelf = Shelf<AssessmentDefinition>(entries: [])
    var importerShelf = Shelf<ImporterDefinition>(entries: [])
    var ruleShelf = Shelf<ReminderRule>(entries: [])
    private var defaultLine: CrisisLine?
    private var lineOwner: String?
    private var clinicSettings: ClinicSettings?
    /// Ids two plugins both defined, by "kind id": no plugin may define them until the person
    /// disables one of the plugins (never an accident of load order).
    private var contested: [String: [String]] = [:]
    private var conflictList: [DefinitionConflict] = []

    /// A catalog holding only the built-ins.
    public init() {}

    /// Every entry of a kind, built-ins first, then in the order they were defined.
    public func all<Entry: CatalogEntry>(_ kind: Entry.Type) -> [Entry] {
        lock.withLock { self[keyPath: Entry.shelf].entries }
    }

    /// The entry of a kind with this id, if known.
    public func entry<Entry: CatalogEntry>(_ kind: Entry.Type, id: String) -> Entry? {
        lock.withLock { self[keyPath: Entry.shelf].entries.first { $0.entryID == id } }
    }

    /// Adds a definition of any kind: its id checked, the kind's own checks run, and the id
    /// claimed for its plugin. An assessment brings a report of its results under its id.
    public func define<Entry: CatalogEntry>(_ entry: Entry) throws {
        if Entry.self != ReminderRule.self { try Self.checkIdentifier(entry.entryID, field: "id") }
        try entry.check()
        try lock.withLock {
            let owner: String?? =
                Self.builtinIDs(Entry.self).contains(entry.entryID)
                ? .some(nil) : self[keyPath: Entry.shelf].owner(of: entry.entryID)
            try claim(Entry.kind, entry.entryID, by: entry.definedBy, owner: owner)
            self[keyPath: Entry.shelf].entries.append(entry)
        }
        if let assessment = entry as? AssessmentDefinition { try? define(AssessmentReport.definition(for: assessment)) }
    }

    /// Ids Kith keeps for itself beyond its built-in entries (the built-in import formats).
    private static func builtinIDs<Entry: CatalogEntry>(_ kind: Entry.Type) -> Set<String> {
        kind == ImporterDefinition.self ? Set(ImportFormat.builtins.map(\.id)) : []
    }

    public var supportTypes: [SupportType] { all(SupportType.self) }
    public var metrics: [MetricDefinition] { all(MetricDefinition.self) }
    public var reminderRules: [ReminderRule] { all(ReminderRule.self) }
    public var reports: [ReportDefinition] { all(ReportDefinition.self) }
    public var assessments: [AssessmentDefinition] { all(AssessmentDefinition.self) }
    public var importers: [ImporterDefinition] { all(ImporterDefinition.self) }
    public func supportType(_ id: String) -> SupportType? { entry(SupportType.self, id: id) }
    public func metric(_ id: String) -> MetricDefinition? { entry(MetricDefinition.self, id: id) }

    /// A clinic plugin's crisis line, used where the person has set none.
    public var defaultCrisisLine: CrisisLine? { lock.withLock { defaultLine } }

    /// Sets the default crisis line; one plugin owns it, like any definition.
    public func define(defaultCrisisLine line: CrisisLine, plugin: String) throws {
        try lock.withLock {
            try claim("crisis line", "default", by: plugin, owner: lineOwner.map { Optional($0) })
            var owned = line
            owned.source = owned.source ?? "plugin \(plugin)"
            defaultLine = owned
            lineOwner = plugin
        }
    }

    /// Sets the crisis line the person chose in their settings: it wins over a plugin's, and
    /// holds the place, so a script run later cannot replace it either.
    public func configure(defaultCrisisLine line: CrisisLine) {
        lock.withLock {
            defaultLine = line
            lineOwner = "your settings"
        }
    }

    /// What a clinic profile the person applied sets (see `ClinicSettings`), if any.
    public var clinic: ClinicSettings? { lock.withLock { clinicSettings } }

    /// Sets the clinic profile's settings, from the person's settings.
    public func configure(clinic: ClinicSettings?) { lock.withLock { clinicSettings = clinic } }

    /// Conflicts between plugins seen so far, in the order they were found.
    public var conflicts: [DefinitionConflict] { lock.withLock { conflictList } }

    /// Marks `conflict`'s id as contested and forgets what its first owner defined: neither
    /// plugin takes part until the person disables one of them.
    public func contest(_ conflict: DefinitionConflict) {
        guard let owner = conflict.owner else { return }
        removeDefinitions(of: owner)
        lock.withLock { contested[conflict.kind + " " + conflict.id, default: [owner]].append(conflict.claimant) }
    }

    /// Checks that `claimant` may define `id` (the lock is held). `owner` is nil when nothing
    /// holds the id, `.some(nil)` when Kith itself does, `.some(plugin)` when a plugin does.
    private func claim(_ kind: String, _ id: String, by claimant: String?, owner: String??) throws {
        if let holders = contested[kind + " " + id] {
            let conflict = DefinitionConflict(
                kind: kind, id: id, owner: holders.first, claimant: claimant ?? "?", others: holders)
            conflictList.append(conflict)
            throw conflict
        }
        guard let owner else { return }
        guard let plugin = owner else {
            throw KithError(.conflict, field: "id", "'\(id)' is already a \(kind) (built in)")
        }
        if plugin == claimant {
            throw KithError(.conflict, field: "id", "'\(id)' is already a \(kind) (defined by this plugin)")
        }
        let conflict = DefinitionConflict(
            kind: kind, id: id, owner: plugin, claimant: claimant ?? "?", others: [plugin])
        conflictList.append(conflict)
        throw conflict
    }

    /// Forgets what a plugin defined (it failed to load part way, or its id is contested).
    public func removeDefinitions(of plugin: String) {
        lock.withLock {
            typeShelf.remove(definedBy: plugin)
            metricShelf.remove(definedBy: plugin)
            ruleShelf.remove(definedBy: plugin)
            reportShelf.remove(definedBy: plugin)
            importerShelf.remove(definedBy: plugin)
            assessmentShelf.remove(definedBy: plugin)
            if lineOwner == plugin { defaultLine = nil; lineOwner = nil }
        }
    }

    /// Checks a support type id given for a person.
    public func requireSupportType(_ id: String, field: String = "type") throws -> SupportType {
        if let type = supportType(id) { return type }
        let known = supportTypes.map(\.id).joined(separator: ", ")
        throw KithError(
            .notFound, field: field, "must be a known support type (\(known)), got \(quoted(id))",
            hint: .listSupportTypes)
    }

    /// Checks a metric id and value, naming the metric on failure.
    public func validateMetric(_ id: String, _ value: MetricValue) throws -> MetricValue {
        try requireMetric(id).validate(value)
    }

    /// Metrics typed as `id=value` pairs (`sleep_hours=7.5`), each read and checked by its
    /// definition: what a front end passes on from a person's typing.
    public func parseMetrics(_ pairs: [String]) throws -> [String: MetricValue] {
        var metrics: [String: MetricValue] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else {
                throw KithError.invalid("metric", "must be id=value, like sleep_hours=7.5, got \(quoted(pair))")
            }
            let id = String(pair[..<eq])
            metrics[id] = try requireMetric(id).parse(String(pair[pair.index(after: eq)...]))
        }
        return metrics
    }

    private func requireMetric(_ id: String) throws -> MetricDefinition {
        if let def = metric(id) { return def }
        let known = metrics.map(\.id).joined(separator: ", ")
        throw KithError(
            .notFound, field: "metrics", "has an unknown metric \(quoted(id)); known metrics: \(known)",
            hint: .listMetrics)
    }

    /// Checks a reminder rule id (the part after `PLUGIN/`).
    public static func checkReminderID(_ id: String) throws { try checkIdentifier(id, field: "id") }

    static func checkIdentifier(_ id: String, field: String) throws {
        let ok =
            !id.isEmpty && id.count <= 64
            && id.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
            }
        if !ok { throw KithError.invalid(field, "must be 1 to 64 of a-z, 0-9, '_' and '-', got \(quoted(id))") }
    }
}
