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
            if let existing = types.first(where: { $0.id == type.id }) {
                throw KithError(.conflict, field: "id", "'\(type.id)' is already a support type (\(Self.origin(existing.builtin, existing.plugin)))")
            }
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
            if let existing = metricList.first(where: { $0.id == metric.id }) {
                throw KithError(.conflict, field: "id", "'\(metric.id)' is already a metric (\(Self.origin(existing.builtin, existing.plugin)))")
            }
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
            if let existing = reportList.first(where: { $0.id == report.id }) {
                throw KithError(.conflict, field: "id", "'\(report.id)' is already a report (\(Self.origin(existing.plugin == nil, existing.plugin)))")
            }
            reportList.append(report)
        }
    }

    /// Assessments plugins defined.
    public var assessments: [AssessmentDefinition] { lock.withLock { assessmentList } }

    /// Adds an assessment, and a report of its results over time under the same id.
    public func define(_ assessment: AssessmentDefinition) throws {
        try Self.checkIdentifier(assessment.id, field: "id")
        guard !assessment.items.isEmpty else { throw KithError.invalid("items", "must list at least one item") }
        guard Set(assessment.items.map(\.id)).count == assessment.items.count else { throw KithError.invalid("items", "must have distinct ids") }
        for item in assessment.items where assessment.choices(for: item).isEmpty {
            throw KithError.invalid("choices", "are missing for item \(item.id)")
        }
        try lock.withLock {
            if assessmentList.contains(where: { $0.id == assessment.id }) {
                throw KithError(.conflict, field: "id", "'\(assessment.id)' is already an assessment")
            }
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
            if ImportFormat.builtins.contains(where: { $0.id == importer.id }) || importerList.contains(where: { $0.id == importer.id }) {
                throw KithError(.conflict, field: "id", "'\(importer.id)' is already an import format")
            }
            importerList.append(importer)
        }
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
        }
    }

    /// Checks a support type id given for a person.
    public func requireSupportType(_ id: String, field: String = "type") throws -> SupportType {
        if let type = supportType(id) { return type }
        let known = supportTypes.map(\.id).joined(separator: ", ")
        throw KithError(.notFound, field: field, "must be a known support type (\(known)), got \(quoted(id)). Plugins can define more; run 'kith types' to list them")
    }

    /// Checks a metric id and value, naming the metric on failure.
    public func validateMetric(_ id: String, _ value: MetricValue) throws -> MetricValue {
        guard let def = metric(id) else {
            let known = metrics.map(\.id).joined(separator: ", ")
            throw KithError(.notFound, field: "metrics", "has an unknown metric \(quoted(id)); known metrics: \(known). Run 'kith metrics' to list them")
        }
        return try def.validate(value)
    }

    /// Checks a reminder rule id (the part after `PLUGIN/`).
    public static func checkReminderID(_ id: String) throws { try checkIdentifier(id, field: "id") }

    static func checkIdentifier(_ id: String, field: String) throws {
        let ok = !id.isEmpty && id.count <= 64 && id.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
        }
        if !ok { throw KithError.invalid(field, "must be 1 to 64 of a-z, 0-9, '_' and '-', got \(quoted(id))") }
    }

    private static func origin(_ builtin: Bool, _ plugin: String?) -> String {
        builtin ? "built in" : "defined by plugin '\(plugin ?? "?")'"
    }
}
