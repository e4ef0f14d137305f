/// What a report is asked for: the ends of its period as typed days, parsed once where they
/// came in, and any other parameters (`--param client=ana`) as the text given.
public struct ReportRequest: Sendable, Equatable {
    /// The first day of the period; the report's default when nil.
    public var since: LocalDay?
    /// The last day of the period; the report's default when nil.
    public var until: LocalDay?
    /// Parameters other than the period, as given.
    public var params: [String: String]

    /// A request with typed ends.
    public init(since: LocalDay? = nil, until: LocalDay? = nil, params: [String: String] = [:]) {
        self.since = since
        self.until = until
        self.params = params
    }

    /// A request from text parameters, as a plugin's table or a front end's form gives them:
    /// `since` and `until` are parsed here, once, and leave `params`.
    public init(parsing text: [String: String]) throws {
        var rest = text
        since = try rest.removeValue(forKey: "since").map { try LocalDay(parsing: $0, field: "since") }
        until = try rest.removeValue(forKey: "until").map { try LocalDay(parsing: $0, field: "until") }
        params = rest
    }

    /// Sets the period's ends a front end was given as text (a flag, a param), parsed here.
    public mutating func setPeriod(since: String?, until: String?) throws {
        if let since { self.since = try LocalDay(parsing: since, field: "since") }
        if let until { self.until = try LocalDay(parsing: until, field: "until") }
    }

    /// Every parameter as text, the period's ends as dates: what a plugin's
    /// `build(ctx, params)` receives (the Lua API's shape).
    public var textParams: [String: String] {
        var all = params
        if let since { all["since"] = since.text }
        if let until { all["until"] = until.text }
        return all
    }
}
