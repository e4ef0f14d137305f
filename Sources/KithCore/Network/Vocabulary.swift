/// A dimension of support: what kind of help flows.
public enum SupportDimension: String, Codable, CaseIterable, Sendable, Comparable {
    case emotional, informational, practical

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    private var order: Int { Self.allCases.firstIndex(of: self)! }
}

/// How close someone is, in the convoy model of social support.
public enum Circle: String, Codable, CaseIterable, Sendable {
    case inner, middle, outer
}

/// What an entry in the network is: one person, a group (a meeting), or a service (a crisis line).
public enum PersonKind: String, Codable, CaseIterable, Sendable {
    case person, group, service
}

/// How an interaction happened.
public enum Channel: String, Codable, CaseIterable, Sendable {
    case inPerson = "in_person", call, text, video, groupMeeting = "group_meeting", online
}

/// Parsing of the closed vocabularies, with errors that list what is allowed.
public enum Vocabulary {
    /// Parses one value of a closed set, naming the field and the allowed values on failure.
    public static func parse<T: RawRepresentable & CaseIterable>(_ text: String, as: T.Type, field: String) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        throw KithError.invalid(field, "must be one of \(allowed), got \(quoted(text))")
    }

    /// Parses a list of dimensions, dropping repeats, in canonical order.
    public static func dimensions(_ texts: [String], field: String) throws -> [SupportDimension] {
        Array(Set(try texts.map { try parse($0, as: SupportDimension.self, field: field) })).sorted()
    }

    /// Stored form of a dimension list: comma-separated, canonical order.
    static func encode(_ dims: [SupportDimension]) -> String { dims.map(\.rawValue).joined(separator: ",") }

    /// Reads the stored form back; unknown words are skipped rather than failing a read.
    static func decodeDimensions(_ text: String) -> [SupportDimension] {
        text.split(separator: ",").compactMap { SupportDimension(rawValue: String($0)) }
    }
}
