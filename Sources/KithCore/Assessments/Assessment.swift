import Foundation

/// A validated questionnaire a plugin defines (docs/lua-api.md 4.8): items, choices, and a
/// scoring function.
public struct AssessmentDefinition: @unchecked Sendable {
    /// One answer choice.
    public struct Choice: Equatable, Sendable {
        public var value: Int
        public var label: String

        /// Creates a choice.
        public init(value: Int, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// One question. `choices` overrides the instrument's, for items answered on their own scale.
    public struct Item: Equatable, Sendable {
        public var id: String
        public var text: String
        public var choices: [Choice]?

        /// Creates an item.
        public init(id: String, text: String, choices: [Choice]? = nil) {
            self.id = id
            self.text = text
            self.choices = choices
        }
    }

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
    public init(id: String, title: String, version: String, choices: [Choice], items: [Item], plugin: String?,
                pluginVersion: String? = nil, score: @escaping ([String: Int]) throws -> AssessmentScore) {
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
                throw KithError.invalid("answers", "has no answer for item \(item.id) (\(quoted(item.text))); \(title) needs all \(items.count) items")
            }
            let allowed = choices(for: item).map(\.value)
            guard allowed.contains(value) else {
                throw KithError.invalid("answers", "item \(item.id): \(value) is not one of the choices (\(allowed.map(String.init).joined(separator: ", ")))")
            }
        }
        if let extra = answers.keys.sorted().first(where: { key in !items.contains { $0.id == key } }) {
            throw KithError.invalid("answers", "has an answer for item \(quoted(extra)), which \(title) does not have (items \(items.map(\.id).joined(separator: ", ")))")
        }
    }

    /// Answers given in item order (`--answers 0,1,2,...`), checked for count.
    public func answers(inOrder values: [Int]) throws -> [String: Int] {
        guard values.count == items.count else {
            throw KithError.invalid("answers", "has \(values.count) values, but \(title) has \(items.count) items")
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

    /// Creates a score.
    public init(total: Double, band: String? = nil, flags: [String] = [], subscales: [String: Double] = [:], risk: String? = nil) {
        self.total = total
        self.band = band
        self.flags = flags
        self.subscales = subscales
        self.risk = risk
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

    enum CodingKeys: String, CodingKey {
        case id, assessment, version, at, answers, total, band, flags, subscales, risk
        case scoredBy = "scored_by", scorerVersion = "scorer_version"
    }

    /// A result.
    public init(id: Int64, assessment: String, version: String, at: String, answers: [String: Int], total: Double,
                band: String?, flags: [String], subscales: [String: Double], scoredBy: String? = nil, scorerVersion: String? = nil,
                risk: String? = nil) {
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
    }
}

/// Which results to list.
public struct AssessmentFilter: Sendable {
    public var assessment: String?
    public var since: String?
    public var until: String?

    /// A filter; all fields optional.
    public init(assessment: String? = nil, since: String? = nil, until: String? = nil) {
        self.assessment = assessment
        self.since = since
        self.until = until
    }
}
