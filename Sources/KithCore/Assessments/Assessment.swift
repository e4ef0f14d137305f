import Foundation

/// A validated questionnaire a plugin defines (docs/lua-api.md 4.8): items, choices, and a
/// scoring function.
public struct AssessmentDefinition: @unchecked Sendable {
    /// One answer choice.
    public struct Choice: Equatable, Sendable {
        public var value: Int
        public var label: String
        /// The answer's code in the instrument's code system (LOINC's LA6568-5), if it has one.
        public var code: String?

        /// Creates a choice.
        public init(value: Int, label: String, code: String? = nil) {
            self.value = value
            self.label = label
            self.code = code
        }
    }

    /// One question. `choices` overrides the instrument's, for items answered on their own scale.
    public struct Item: Equatable, Sendable {
        public var id: String
        public var text: String
        public var choices: [Choice]?
        /// The item's code in the instrument's code system (LOINC's 44260-8), if it has one.
        public var code: String?
        /// Not required and not scored (PHQ-9's difficulty question): recorded and exported.
        public var optional = false
        /// Exported as an Observation of its own as well (PHQ-9's item 9, for a clinic to act on).
        public var observed = false

        /// Creates an item.
        public init(
            id: String, text: String, choices: [Choice]? = nil, code: String? = nil, optional: Bool = false,
            observed: Bool = false
        ) {
            self.id = id
            self.text = text
            self.choices = choices
            self.code = code
            self.optional = optional
            self.observed = observed
        }
    }

    /// How clinics read change between two results of this instrument, as its source gives it.
    public struct ChangeRules: Sendable, Equatable {
        /// A response: the total falls by at least this share of the baseline (0.5: 50%).
        public var responseDrop: Double?
        /// Remission: the total falls below this.
        public var remissionBelow: Double?
        /// A clinically significant change: at least this many points.
        public var significantPoints: Double?
        /// A reliable change (beyond measurement error, Jacobson-Truax): at least this many points.
        public var reliablePoints: Double?
        /// The Jacobson-Truax reliable change index, computed from a published reliability and
        /// standard deviation that the report names beside the result.
        public var reliableChangeIndex: ReliableChangeIndex?
        /// Where the rules come from.
        public var source: String?

        /// Rules.
        public init(
            responseDrop: Double?, remissionBelow: Double?, significantPoints: Double?, reliablePoints: Double? = nil,
            reliableChangeIndex: ReliableChangeIndex? = nil, source: String?
        ) {
            self.responseDrop = responseDrop
            self.remissionBelow = remissionBelow
            self.significantPoints = significantPoints
            self.reliablePoints = reliablePoints
            self.reliableChangeIndex = reliableChangeIndex
            self.source = source
        }
    }
    public var change: ChangeRules?

    /// The instrument's bands as ranges of the total, lowest first (PHQ-9's "mild" is 5 to 9),
    /// as its plugin declares them: the report's chart shades them. Empty when not declared.
    public var bands: [ChartBand] = []

    /// What the person reads before the items ("Over the last 2 weeks, how often ...").
    public var instructions: String?
    /// The instrument's source, licence and citation (`kith assess ID --about`).
    public var about: String?

    /// `phq9`.
    public let id: String
    /// `PHQ-9`.
    public let title: String
    /// The instrument's version, stored with each result.
    public let version: String
    public let choices: [Choice]
    public let items: [Item]
    /// Codes a clinic system knows the instrument by (LOINC for PHQ-9 and GAD-7), as the
    /// defining plugin declares them; nil for none.
    public struct Codes: Sendable, Equatable {
        /// The code system, "http://loinc.org".
        public var system: String
        /// The questionnaire panel's code, and the total score's code and display.
        public var panel: String?
        public var total: String
        public var display: String?

        /// Codes.
        public init(system: String, panel: String?, total: String, display: String?) {
            self.system = system
            self.panel = panel
            self.total = total
            self.display = display
        }
    }
    public var codes: Codes?

    /// The plugin that defined it, and that plugin's version: every result records both.
    public let plugin: String?
    public let pluginVersion: String?
    /// Scores complete, valid answers.
    public let score: ([String: Int]) throws -> AssessmentScore

    /// Creates a definition.
    public init(
        id: String, title: String, version: String, choices: [Choice], items: [Item], plugin: String?,
        pluginVersion: String? = nil, score: @escaping ([String: Int]) throws -> AssessmentScore
    ) {
        self.id = id
        self.title = title
        self.version = version
        self.choices = choices
        self.items = items
        self.plugin = plugin
        self.pluginVersion = pluginVersion
        self.score = score
    }

    /// The choices of one item.
    public func choices(for item: Item) -> [Choice] { item.choices ?? choices }

    /// Checks answers: every item answered, each with one of its choices; names the item at fault.
    public func check(_ answers: [String: Int]) throws {
        for item in items {
            guard let value = answers[item.id] else {
                if item.optional { continue }
                throw KithError.invalid(
                    "answers",
                    "has no answer for item \(item.id) (\(quoted(item.text))); \(title) needs all \(requiredCount) items"
                )
            }
            let allowed = choices(for: item).map(\.value)
            guard allowed.contains(value) else {
                throw KithError.invalid(
                    "answers",
                    "item \(item.id): \(value) is not one of the choices (\(allowed.map(String.init).joined(separator: ", ")))"
                )
            }
        }
        if let extra = answers.keys.sorted().first(where: { key in !items.contains { $0.id == key } }) {
            throw KithError.invalid(
                "answers",
                "has an answer for item \(quoted(extra)), which \(title) does not have (items \(items.map(\.id).joined(separator: ", ")))"
            )
        }
    }

    /// The items every answer set must hold.
    public var requiredCount: Int { items.filter { !$0.optional }.count }

    /// Answers given in item order (`--answers 0,1,2,...`), checked for count: every required
    /// item, and the optional ones after them if given.
    public func answers(inOrder values: [Int]) throws -> [String: Int] {
        guard values.count >= requiredCount, values.count <= items.count else {
            let optional = items.count - requiredCount
            throw KithError.invalid(
                "answers",
                "has \(values.count) values, but \(title) has \(requiredCount) items"
                    + (optional > 0 ? " (and \(optional) optional after them)" : ""))
        }
        return Dictionary(uniqueKeysWithValues: zip(items.map(\.id), values))
    }
}

/// What scoring returns.
public struct AssessmentScore: Equatable, Sendable {
    public var total: Double
    public var band: String?
    public var flags: [String]
    public var subscales: [String: Double]
    /// Set when an answer means the person may be at risk: what the instrument says about it,
    /// worded for the person (never a diagnosis). Kith then shows who to reach and a crisis
    /// line, and keeps a reminder to reach someone until it is marked done.
    public var risk: String?
    /// The settings the scoring used (UCLA-3's cut-off): stored with the result, so a later
    /// change of setting never re-bands it.
    public var settings: [String: String] = [:]

    /// Creates a score.
    public init(
        total: Double, band: String? = nil, flags: [String] = [], subscales: [String: Double] = [:],
        risk: String? = nil,
        settings: [String: String] = [:]
    ) {
        self.total = total
        self.band = band
        self.flags = flags
        self.subscales = subscales
        self.risk = risk
        self.settings = settings
    }
}

/// A recorded result.
public struct AssessmentResult: Codable, Equatable, Sendable, Identifiable {
    public var id: Int64
    /// The assessment id.
    public var assessment: String
    /// The instrument version it was scored with.
    public var version: String
    /// When it was answered (UTC instant).
    public var at: String
    public var answers: [String: Int]
    public var total: Double
    public var band: String?
    public var flags: [String]
    public var subscales: [String: Double]
    /// The plugin that scored it and its version (nil for results stored before Kith kept them).
    public var scoredBy: String?
    public var scorerVersion: String?
    /// What the instrument said about a risk answer, if there was one (see `AssessmentScore.risk`).
    public var risk: String?
    /// The settings the scoring used (see `AssessmentScore.settings`).
    public var settings: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, assessment, version, at, answers, total, band, flags, subscales, risk, settings
        case scoredBy = "scored_by", scorerVersion = "scorer_version"
    }

    /// A result.
    public init(
        id: Int64, assessment: String, version: String, at: String, answers: [String: Int], total: Double,
        band: String?, flags: [String], subscales: [String: Double], scoredBy: String? = nil,
        scorerVersion: String? = nil,
        risk: String? = nil, settings: [String: String]? = nil
    ) {
        self.id = id
        self.assessment = assessment
        self.version = version
        self.at = at
        self.answers = answers
        self.total = total
        self.band = band
        self.flags = flags
        self.subscales = subscales
        self.scoredBy = scoredBy
        self.scorerVersion = scorerVersion
        self.risk = risk
        self.settings = settings
    }
}

/// Which results to list.
public struct AssessmentFilter: Sendable {
    /// Only results of this assessment id.
    public var assessment: String?
    /// Inclusive lower bound: a day (from its local midnight) or an instant.
    public var since: TimeBound?
    /// Inclusive upper bound: a day (through its end) or an instant.
    public var until: TimeBound?

    /// A filter; all fields optional.
    public init(assessment: String? = nil, since: TimeBound? = nil, until: TimeBound? = nil) {
        self.assessment = assessment
        self.since = since
        self.until = until
    }
}
