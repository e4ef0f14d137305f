import Foundation

/// A report: a title and blocks (docs/lua-api.md 4.7). Built-in and plugin reports produce it;
/// every renderer reads it.
public struct ReportDocument: Equatable, Sendable {
    /// The report's title.
    public var title: String
    /// Its content, in order.
    public var blocks: [ReportBlock]

    /// Creates a document.
    public init(title: String, blocks: [ReportBlock] = []) {
        self.title = title
        self.blocks = blocks
    }
}

/// A cell or metric value.
public enum ReportValue: Equatable, Sendable, CustomStringConvertible {
    case text(String), integer(Int64), number(Double), boolean(Bool), empty

    /// As a person reads it: numbers with at most two decimals.
    public var description: String {
        switch self {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .number(let x): return x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.2f", x)
        case .boolean(let b): return b ? "yes" : "no"
        case .empty: return ""
        }
    }
}

/// One series of a chart: a name and one value per x label (nil for a gap).
public struct ChartSeries: Equatable, Sendable {
    public var name: String
    public var values: [Double?]

    /// Creates a series.
    public init(name: String, values: [Double?]) {
        self.name = name
        self.values = values
    }
}

/// A labelled range of a chart's value axis, drawn as a light stripe behind the data:
/// PHQ-9's "mild" is 5 to 9.
public struct ChartBand: Equatable, Sendable {
    public var from: Double
    public var to: Double
    public var label: String

    /// Creates a band.
    public init(from: Double, to: Double, label: String) {
        self.from = from
        self.to = to
        self.label = label
    }

    /// More stripes than this no longer read as bands.
    public static let maximumCount = 12

    /// What makes `bands` unfit as one chart's bands (inside `range`, when the chart fixes
    /// one), in words that follow "'bands' "; nil when they are fit.
    public static func problem(with bands: [ChartBand], in range: ClosedRange<Double>?) -> String? {
        guard bands.count <= maximumCount else {
            return "has \(bands.count) bands; a chart shows at most \(maximumCount)"
        }
        for (n, b) in bands.enumerated() {
            guard ReportDocument.chartable(b.from) && ReportDocument.chartable(b.to) else {
                return "band \(n + 1) needs finite numbers 'from' and 'to' of at most 10^15 in size"
            }
            guard b.from < b.to else {
                return
                    "band \(n + 1) (\(quoted(b.label))): 'from' \(ReportValue.number(b.from)) must be below 'to' \(ReportValue.number(b.to))"
            }
            guard !b.label.trimmingCharacters(in: .whitespaces).isEmpty else { return "band \(n + 1) needs a 'label'" }
            if let range, b.from < range.lowerBound || b.to > range.upperBound {
                return
                    "band \(n + 1) (\(quoted(b.label))) runs outside the axis, \(ReportValue.number(range.lowerBound)) to \(ReportValue.number(range.upperBound))"
            }
        }
        let sorted = bands.sorted { $0.from < $1.from }
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.from < a.to {
            return "\(quoted(a.label)) and \(quoted(b.label)) overlap"
        }
        return nil
    }

    /// From the lowest band's start to the highest band's end; nil without bands.
    public static func span(of bands: [ChartBand]) -> ClosedRange<Double>? {
        guard let low = bands.map(\.from).min(), let high = bands.map(\.to).max(), low <= high else { return nil }
        return low...high
    }
}

/// Someone placed on the convoy diagram of the network report.
public struct ConvoyMember: Equatable, Sendable {
    public var name: String
    public var circle: Circle
    public var type: String
    /// Someone to call in a crisis: marked on the diagram.
    public var crisis: Bool

    /// Creates a member.
    public init(name: String, circle: Circle, type: String, crisis: Bool = false) {
        self.name = name
        self.circle = circle
        self.type = type
        self.crisis = crisis
    }
}

/// Someone to call, in a report: HTML links the number (`tel:`).
public struct ReportContact: Equatable, Sendable {
    public var name: String
    public var phone: String?
    public var note: String?

    /// Creates a contact.
    public init(name: String, phone: String?, note: String?) {
        self.name = name
        self.phone = phone
        self.note = note
    }

    /// "Ana: +1 555 0100 (crisis contact)".
    public var line: String { name + (phone.map { ": \($0)" } ?? "") + (note.map { " (\($0))" } ?? "") }
}

/// A block of a report.
public enum ReportBlock: Equatable, Sendable {
    case heading(String)
    case text(String)
    case metric(label: String, value: ReportValue, note: String?)
    case list([String])
    case table(columns: [String], rows: [[ReportValue]])
    /// `chart` is "line" or "bar"; one x label per point. `yRange` fixes the value axis (a mood
    /// scale runs 1 to 5 whatever the data); `bands` shade ranges of it (an instrument's bands).
    case chart(
        kind: ChartKind, title: String?, x: [String], series: [ChartSeries], yRange: ClosedRange<Double>? = nil,
        bands: [ChartBand] = [])
    /// The network as concentric circles (an addition to the contract's block kinds).
    case convoy([ConvoyMember])
    /// People and services to call, with their numbers (an addition to the contract's kinds).
    case contacts([ReportContact])

    /// The chart kinds.
    public enum ChartKind: String, Sendable, CaseIterable { case line, bar }

    /// The block's kind, as in Lua.
    public var kind: String {
        switch self {
        case .heading: return "heading"
        case .text: return "text"
        case .metric: return "metric"
        case .list: return "list"
        case .table: return "table"
        case .chart: return "chart"
        case .convoy: return "convoy"
        case .contacts: return "contacts"
        }
    }
}

extension ReportDocument {
    /// The largest size a chart plots: differences of two such values stay finite and exact
    /// enough for an axis (two values near Double's limit would make the axis infinite).
    public static let chartLimit = 1e15

    static func chartable(_ x: Double) -> Bool { x.isFinite && abs(x) <= chartLimit }

    /// Checks shapes a renderer relies on, pointing at the block at fault.
    public func validate() throws {
        for (i, block) in blocks.enumerated() {
            let place = "block \(i + 1) (\(block.kind))"
            switch block {
            case .table(let columns, let rows):
                guard !columns.isEmpty else {
                    throw KithError(.invalidInput, "\(place): a table needs at least one column")
                }
                for (r, row) in rows.enumerated() where row.count != columns.count {
                    throw KithError(
                        .invalidInput,
                        "\(place): row \(r + 1) has \(row.count) cells, but the table has \(columns.count) columns")
                }
            case .chart(_, _, let x, let series, let yRange, let bands):
                guard !series.isEmpty else {
                    throw KithError(.invalidInput, "\(place): a chart needs at least one series")
                }
                for s in series where s.values.count != x.count {
                    throw KithError(
                        .invalidInput,
                        "\(place): series '\(s.name)' has \(s.values.count) values, but x has \(x.count) labels")
                }
                for s in series {
                    if let i = s.values.firstIndex(where: { $0.map { !Self.chartable($0) } ?? false }) {
                        throw KithError(
                            .invalidInput,
                            "\(place): series '\(s.name)' has a value at \(quoted(x[i])) that is not a finite number "
                                + "of at most 10^15 in size")
                    }
                }
                if let yRange {
                    let (low, high) = (yRange.lowerBound, yRange.upperBound)
                    guard Self.chartable(low) && Self.chartable(high) else {
                        throw KithError(
                            .invalidInput,
                            "\(place): 'y_min' and 'y_max' must be finite numbers of at most 10^15 in size")
                    }
                    guard low < high else {
                        throw KithError(
                            .invalidInput,
                            "\(place): 'y_min' (\(ReportValue.number(low))) must be below 'y_max' (\(ReportValue.number(high)))"
                        )
                    }
                    // A value outside a fixed axis is refused, not clamped: a clamped point would
                    // show a value the data does not have.
                    for s in series {
                        if let i = s.values.firstIndex(where: { $0.map { !yRange.contains($0) } ?? false }),
                            let v = s.values[i]
                        {
                            throw KithError(
                                .invalidInput,
                                "\(place): series '\(s.name)' has \(ReportValue.number(v)) at \(quoted(x[i])), "
                                    + "outside 'y_min' to 'y_max' (\(ReportValue.number(low)) to \(ReportValue.number(high)))"
                            )
                        }
                    }
                }
                if let problem = ChartBand.problem(with: bands, in: yRange) {
                    throw KithError(.invalidInput, "\(place): 'bands' \(problem)")
                }
            default:
                break
            }
        }
    }
}

/// A report Kith can run: built in, or defined by a plugin.
public struct ReportDefinition: @unchecked Sendable {
    /// `weekly`, `clinic-weekly`.
    public let id: String
    public let title: String
    public let description: String
    /// The plugin that defined it; nil for built-ins.
    public let plugin: String?
    /// What its build reads. Code that runs the report needs all of these, and the build
    /// itself reaches nothing else.
    public let reads: Set<Permission>
    /// Builds the document for a request (its period, and any `--param k=v`).
    public let build: (_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument

    /// Creates a definition.
    public init(
        id: String, title: String, description: String, plugin: String?, reads: Set<Permission>,
        build: @escaping (_ store: KithStore, _ request: ReportRequest) throws -> ReportDocument
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.plugin = plugin
        self.reads = reads
        self.build = build
    }
}
