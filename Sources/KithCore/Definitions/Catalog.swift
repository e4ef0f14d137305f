import Foundation

/// The support types and metrics this process knows: Kith's built-ins plus whatever loaded
/// plugins define. It lives in memory, not in the store: records keep their type id even when
/// the plugin that defined it is removed, and only new writes are checked against it.
public final class Catalog: @unchecked Sendable {
    private let lock = NSLock()
    private var types: [SupportType]
    private var metricList: [MetricDefinition]
    private var rules: [ReminderRule] = []
    private var reportList: [ReportDefinition] = BuiltinReports.all
    private var importerList: [ImporterDefinition] = []
    private var assessmentList: [AssessmentDefinition] = []
    /// Ids two plugins both defined, by "kind id": no plugin may define them until the person
    /// disables one of the plugins (never an accident of load order).
    private var contested: [String: [String]] = [:]
    private var conflictList: [DefinitionConflict] = []

    /// A catalog holding only the built-ins.
    public init() {
        types = SupportType.builtins
        metricList = MetricDefinition.builtins
    }

    /// Every support type, built-ins first, then in the order they were defined.
    public var supportTypes: [SupportType] { lock.withLock { types } }

    /// Every metric, built-ins first.
    public var metrics: [MetricDefinition] { lock.withLock { metricList } }

    /// The support type with this id, if known.
    public func supportType(_ id: String) -> SupportType? { lock.withLock { types.first { $0.id == id } } }

    /// The metric with this id, if known.
    public func metric(_ id: String) -> MetricDefinition? { lock.withLock { metricList.first { $0.id == id } } }

    /// Adds a support type; ids are unique across built-ins and plugins.
    public func define(_ type: SupportType) throws {
        try Self.checkIdentifier(type.id, field: "id")
        try lock.withLock {
            try claim(
                "support type", type.id, by: type.plugin,
                owner: types.first { $0.id == type.id }.map { $0.builtin ? nil : $0.plugin })
            types.append(type)
        }
    }

    /// Adds a metric; ids are unique across built-ins and plugins.
    public func define(_ metric: MetricDefinition) throws {
        try Self.checkIdentifier(metric.id, field: "id")
        if let lo = metric.min, let hi = metric.max, lo > hi {
            throw KithError.invalid("min", "must not be above max (\(lo) > \(hi))")
        }
        try lock.withLock {
            try claim(
                "metric", metric.id, by: metric.plugin,
                owner: metricList.first { $0.id == metric.id }.map { $0.builtin ? nil : $0.plugin })
            metricList.append(metric)
        }
    }

    /// Reminder rules plugins defined, in the order they were defined.
    public var reminderRules: [ReminderRule] { lock.withLock { rules } }

    /// Adds a reminder rule; sources are unique.
    public func define(_ rule: ReminderRule) throws {
        try lock.withLock {
            if rules.contains(where: { $0.source == rule.source }) {
                throw KithError(.conflict, field: "id", "'\(rule.source)' is already a reminder rule")
            }
            rules.append(rule)
        }
    }

    /// Every report: built-ins first, then plugins' in the order defined.
    public var reports: [ReportDefinition] { lock.withLock { reportList } }

    /// Adds a report; ids are unique across built-ins and plugins.
    public func define(_ report: ReportDefinition) throws {
        try Self.checkIdentifier(report.id, field: "id")
        try lock.withLock {
            try claim(
                "report", report.id, by: report.plugin, owner: reportList.first { $0.id == report.id }.map(\.plugin))
            reportList.append(report)
        }
    }

    /// Assessments plugins defined.
    public var assessments: [AssessmentDefinition] { lock.withLock { assessmentList } }

    /// Adds an assessment, and a report of its results over time under the same id.
    public func define(_ assessment: AssessmentDefinition) throws {
        try Self.checkIdentifier(assessment.id, field: "id")
        guard !assessment.items.isEmpty else { throw KithError.invalid("items", "must list at least one item") }
        guard Set(assessment.items.map(\.id)).count == assessment.items.count else {
            throw KithError.invalid("items", "must have distinct ids")
        }
        for item in assessment.items where assessment.choices(for: item).isEmpty {
            throw KithError.invalid("choices", "are missing for item \(item.id)")
        }
        // Answers given in order (`--answers`) fill the required items first.
        if let first = assessment.items.firstIndex(where: \.optional),
            assessment.items[first...].contains(where: { !$0.optional })
        {
            throw KithError.invalid("items", "must list optional items after all the others")
        }
        try lock.withLock {
            try claim(
                "assessment", assessment.id, by: assessment.plugin,
                owner: assessmentList.first { $0.id == assessment.id }.map(\.plugin))
            assessmentList.append(assessment)
        }
        try? define(AssessmentReport.definition(for: assessment))
    }

    /// Importers plugins defined.
    public var importers: [ImporterDefinition] { lock.withLock { importerList } }

    /// Adds an importer; its id may not shadow a built-in format or another importer.
    public func define(_ importer: ImporterDefinition) throws {
        try Self.checkIdentifier(importer.id, field: "id")
        try lock.withLock {
            let owner: String?? =
                ImportFormat.builtins.contains { $0.id == importer.id }
                ? .some(nil) : importerList.first { $0.id == importer.id }.map(\.plugin)
            try claim("import format", importer.id, by: importer.plugin, owner: owner)
            importerList.append(importer)
        }
    }

    private var defaultLine: CrisisLine?
    private var lineOwner: String?

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

    /// Sets the crisis line the person chose in their settings: it wins over a plugin's.
    public func configure(defaultCrisisLine line: CrisisLine) {
        lock.withLock { defaultLine = line }
    }

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

    /// Forgets what a plugin defined (it failed to load part way).
    public func removeDefinitions(of plugin: String) {
        lock.withLock {
            types.removeAll { $0.plugin == plugin }
            metricList.removeAll { $0.plugin == plugin }
            rules.removeAll { $0.source.hasPrefix(plugin + "/") }
            reportList.removeAll { $0.plugin == plugin }
            importerList.removeAll { $0.plugin == plugin }
            assessmentList.removeAll { $0.plugin == plugin }
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
