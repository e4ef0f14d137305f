import Foundation

/// A calendar day where the person lives (`2026-03-01`), as a day number since 1970-01-01.
/// Parsed once where text comes in (a flag, a Lua string, an RPC parameter); the store and the
/// bridge turn it back into text at their borders.
public struct LocalDay: Hashable, Comparable, Strideable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let number: Int

    /// The day with this number.
    public init(_ number: Int) { self.number = number }

    /// Parses `YYYY-MM-DD`, or explains what is wrong naming `field`.
    public init(parsing text: String, field: String) throws {
        number = try KithTime.parseDate(text, field: field)
    }

    /// `2026-03-01`.
    public var text: String { KithTime.formatDate(number) }
    public var description: String { text }
    /// ISO weekday: Monday = 1 ... Sunday = 7.
    public var weekday: Int { KithTime.weekday(number) }
    /// The first instant of the day in `zone`.
    public func start(in zone: TimeZone) -> Instant { Instant(KithTime.localMidnight(number, timeZone: zone)) }
    /// The last second of the day in `zone`.
    public func end(in zone: TimeZone) -> Instant { Instant(KithTime.localMidnight(number + 1, timeZone: zone) - 1) }

    public static func < (a: LocalDay, b: LocalDay) -> Bool { a.number < b.number }
    public func advanced(by n: Int) -> LocalDay { LocalDay(number + n) }
    public func distance(to other: LocalDay) -> Int { other.number - number }
    public static func + (day: LocalDay, days: Int) -> LocalDay { LocalDay(day.number + days) }
    public static func - (day: LocalDay, days: Int) -> LocalDay { LocalDay(day.number - days) }
    /// Days from `b` to `a`.
    public static func - (a: LocalDay, b: LocalDay) -> Int { a.number - b.number }
}

/// A moment in time, in whole seconds since the epoch. Stored as UTC text
/// (`2026-03-01T09:30:00Z`), which sorts in time order.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64

    /// The instant `seconds` after the epoch.
    public init(_ seconds: Int64) { self.seconds = seconds }

    /// Parses an instant with an offset, a local date-time (in `zone`) or a date (its local
    /// midnight), or explains what is wrong naming `field`.
    public init(parsing text: String, field: String, timeZone zone: TimeZone) throws {
        seconds = try KithTime.parseInstant(text, field: field, timeZone: zone)
    }

    /// Parses what a person writes for a moment: `now`, a date or day word (its first moment),
    /// a local time or an instant.
    public init(parsing text: String, field: String, clock: KithClock) throws {
        self = try TimeBound(parsing: text, field: field, clock: clock).lower(in: clock.timeZone)
    }

    /// The stored form, `2026-03-01T09:30:00Z`.
    public var text: String { KithTime.formatInstant(seconds) }
    public var description: String { text }
    /// The calendar day this instant falls on in `zone`.
    public func day(in zone: TimeZone) -> LocalDay { LocalDay(KithTime.localDay(of: seconds, timeZone: zone)) }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
}

/// One end of a period as a person gives it: a whole local day, or an exact instant.
/// `since` a day means from its first moment; `until` a day means through its last.
public enum TimeBound: Hashable, Sendable {
    case day(LocalDay)
    case instant(Instant)

    /// Parses what a person or a plugin writes: a date, `today`/`yesterday`/`tomorrow`, `now`,
    /// a local time (`2026-03-01 09:30`) or an instant with an offset.
    public init(parsing text: String, field: String, clock: KithClock) throws {
        if text.lowercased() == "now" {
            self = .instant(clock.nowInstant)
        } else if let day = KithTime.dayWord(text, today: clock.today) {
            self = .day(LocalDay(day))
        } else if text.utf8.count == 10 {
            self = .day(try LocalDay(parsing: text, field: field))
        } else {
            self = .instant(try Instant(parsing: text, field: field, timeZone: clock.timeZone))
        }
    }

    /// Parses an optional text (nil stays nil).
    public init?(parsing text: String?, field: String, clock: KithClock) throws {
        guard let text else { return nil }
        try self.init(parsing: text, field: field, clock: clock)
    }

    /// The first instant the bound admits, when it opens a period.
    public func lower(in zone: TimeZone) -> Instant {
        switch self {
        case .day(let d): return d.start(in: zone)
        case .instant(let i): return i
        }
    }

    /// The last instant the bound admits, when it closes a period.
    public func upper(in zone: TimeZone) -> Instant {
        switch self {
        case .day(let d): return d.end(in: zone)
        case .instant(let i): return i
        }
    }

    /// As a person wrote it back: the date, or the stored instant.
    public var text: String {
        switch self {
        case .day(let d): return d.text
        case .instant(let i): return i.text
        }
    }
}
