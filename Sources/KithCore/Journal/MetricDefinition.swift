/// A measurement journal entries can carry: `sleep_hours`, `craving`, or one a plugin adds.
public struct MetricDefinition: Codable, Equatable, Sendable {
    /// What values the metric takes.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case number, integer, boolean, text
    }

    /// Identifier used in entries (`sleep_hours`).
    public var id: String
    /// Human name.
    public var name: String
    /// What values it takes.
    public var kind: Kind
    /// Lowest allowed value for number and integer metrics.
    public var min: Double?
    /// Highest allowed value for number and integer metrics.
    public var max: Double?
    /// True for Kith's own metrics.
    public var builtin: Bool
    /// The plugin that defined it, nil for built-ins.
    public var plugin: String?

    /// Creates a metric definition.
    public init(
        id: String, name: String, kind: Kind, min: Double? = nil, max: Double? = nil,
        builtin: Bool = false, plugin: String? = nil
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.min = min
        self.max = max
        self.builtin = builtin
        self.plugin = plugin
    }

    /// Kith's built-in metrics.
    public static let builtins: [MetricDefinition] = [
        MetricDefinition(id: "sleep_hours", name: "Hours slept", kind: .number, min: 0, max: 24, builtin: true),
        MetricDefinition(id: "craving", name: "Craving", kind: .integer, min: 0, max: 10, builtin: true),
        MetricDefinition(id: "stress", name: "Stress", kind: .integer, min: 0, max: 10, builtin: true),
    ]

    /// Checks a value against the definition, naming the metric on failure.
    public func validate(_ value: MetricValue) throws -> MetricValue {
        let field = "metrics.\(id)"
        switch (kind, value) {
        case (.boolean, .boolean), (.text, .text):
            return value
        case (.integer, .integer(let n)):
            try checkRange(Double(n), field: field, what: "an integer")
            return value
        case (.integer, .number(let x)) where x.rounded() == x && abs(x) < 9e15:
            try checkRange(x, field: field, what: "an integer")
            return .integer(Int64(x))
        case (.number, .number(let x)):
            try checkRange(x, field: field, what: "a number")
            return value
        case (.number, .integer(let n)):
            try checkRange(Double(n), field: field, what: "a number")
            return .number(Double(n))
        default:
            throw KithError.invalid(field, "must be \(describeKind()), got \(value.description)")
        }
    }

    /// Parses a value typed on the command line (`7.5`, `true`, `word`).
    public func parse(_ text: String) throws -> MetricValue {
        let field = "metrics.\(id)"
        switch kind {
        case .text: return .text(text)
        case .boolean:
            switch text.lowercased() {
            case "true", "yes", "1": return .boolean(true)
            case "false", "no", "0": return .boolean(false)
            default: throw KithError.invalid(field, "must be true or false, got \(quoted(text))")
            }
        case .integer:
            guard let n = Int64(text) else {
                throw KithError.invalid(field, "must be \(describeKind()), got \(quoted(text))")
            }
            return try validate(.integer(n))
        case .number:
            guard let x = Double(text), x.isFinite else {
                throw KithError.invalid(field, "must be \(describeKind()), got \(quoted(text))")
            }
            return try validate(.number(x))
        }
    }

    private func checkRange(_ x: Double, field: String, what: String) throws {
        guard x.isFinite, (min.map { x >= $0 } ?? true), (max.map { x <= $0 } ?? true) else {
            throw KithError.invalid(field, "must be \(describeKind()), got \(MetricValue.number(x).description)")
        }
    }

    private func describeKind() -> String {
        let what =
            kind == .integer ? "an integer" : kind == .number ? "a number" : kind == .boolean ? "true or false" : "text"
        guard kind == .integer || kind == .number else { return what }
        switch (min, max) {
        case let (lo?, hi?):
            return "\(what) from \(MetricValue.number(lo).description) to \(MetricValue.number(hi).description)"
        case let (lo?, nil): return "\(what) of at least \(MetricValue.number(lo).description)"
        case let (nil, hi?): return "\(what) of at most \(MetricValue.number(hi).description)"
        default: return what
        }
    }
}

/// One metric value in a journal entry.
public enum MetricValue: Equatable, Sendable, CustomStringConvertible, Codable {
    case number(Double), integer(Int64), boolean(Bool), text(String)

    /// The value as a person reads it.
    public var description: String {
        switch self {
        case .number(let x):
            return x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .integer(let n): return String(n)
        case .boolean(let b): return b ? "true" : "false"
        case .text(let s): return quoted(s)
        }
    }

    /// Decodes a JSON scalar.
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .boolean(b)
        } else if let n = try? c.decode(Int64.self) {
            self = .integer(n)
        } else if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    /// Encodes as a JSON scalar.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .integer(let n): try c.encode(n)
        case .boolean(let b): try c.encode(b)
        case .text(let s): try c.encode(s)
        }
    }
}
