/// A crisis line: a service a person can call (or text) at any hour. Kith bundles a few,
/// each number checked against the service's own site (docs/assessments.md names them);
/// a person or clinic sets another with a name and a number.
public struct CrisisLine: Codable, Equatable, Sendable {
    /// The service's name, "988 Suicide & Crisis Lifeline".
    public var name: String
    /// The number as people write it, "988" or "116 123".
    public var phone: String
    /// How to reach it besides calling ("call or text 988").
    public var note: String?
    /// The country code it serves (ISO 3166-1 alpha-2), when bundled or set by country.
    public var country: String?
    /// Where the number was checked.
    public var source: String?

    /// A line.
    public init(name: String, phone: String, note: String? = nil, country: String? = nil, source: String? = nil) {
        self.name = name
        self.phone = phone
        self.note = note
        self.country = country
        self.source = source
    }

    /// The number for a `tel:` link: digits and a leading '+'.
    public var dial: String { Self.dial(phone) }

    /// `phone` reduced to what a dialer needs.
    public static func dial(_ phone: String) -> String {
        var out = ""
        for c in phone where c.isASCII && (c.isNumber || (c == "+" && out.isEmpty)) { out.append(c) }
        return out
    }

    /// The bundled lines, by country.
    public static let bundled: [String: CrisisLine] = {
        var lines: [String: CrisisLine] = [
            "US": CrisisLine(
                name: "988 Suicide & Crisis Lifeline", phone: "988", note: "call or text 988, any hour",
                country: "US", source: "https://988lifeline.org"),
            "CA": CrisisLine(
                name: "9-8-8 Suicide Crisis Helpline", phone: "988", note: "call or text 988, any hour",
                country: "CA", source: "https://988.ca"),
            "GB": CrisisLine(
                name: "Samaritans", phone: "116 123", note: "free, any hour",
                country: "GB", source: "https://www.samaritans.org"),
            "IE": CrisisLine(
                name: "Samaritans", phone: "116 123", note: "free, any hour",
                country: "IE", source: "https://www.samaritans.org/ireland"),
            "AU": CrisisLine(
                name: "Lifeline", phone: "13 11 14", note: "any hour", country: "AU",
                source: "https://www.lifeline.org.au"),
            "NZ": CrisisLine(
                name: "1737, Need to talk?", phone: "1737", note: "call or text 1737, any hour",
                country: "NZ", source: "https://1737.org.nz"),
        ]
        // In the EU, 112 reaches the emergency services everywhere: not a crisis line, but help now.
        for country in [
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
        ] {
            lines[country] = CrisisLine(
                name: "Emergency number", phone: "112", note: "emergencies, any hour, across the EU",
                country: country, source: "https://digital-strategy.ec.europa.eu/en/policies/112")
        }
        return lines
    }()
}
