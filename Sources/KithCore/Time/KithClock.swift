import Foundation

/// Where "now" comes from: the real clock, or a fixed instant (which a front end may offer,
/// so that tests and batch runs are repeatable).
public struct KithClock: Sendable {
    /// The current instant in seconds since the epoch.
    public let now: @Sendable () -> Int64
    /// The time zone that turns instants into calendar days.
    public let timeZone: TimeZone
    /// The first day of the person's week (1 = Monday ... 7 = Sunday), if they set one: the
    /// weekly report then covers the week that holds today.
    public var firstWeekday: Int?

    /// The real clock in the machine's time zone.
    public static let system = KithClock(now: { Int64(Date().timeIntervalSince1970) }, timeZone: .current)

    /// A clock stopped at `seconds`.
    public static func fixed(_ seconds: Int64, timeZone: TimeZone = .current) -> KithClock {
        KithClock(now: { seconds }, timeZone: timeZone)
    }

    /// Creates a clock from a function and a time zone.
    public init(now: @escaping @Sendable () -> Int64, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
    }

    /// Now, as a typed instant.
    public var nowInstant: Instant { Instant(now()) }
    /// Today where the person lives, as a typed day.
    public var localToday: LocalDay { LocalDay(today) }
    /// Now, as a stored instant string.
    public var nowText: String { KithTime.formatInstant(now()) }
    /// Today's local date as a day number.
    public var today: Int { KithTime.localDay(of: now(), timeZone: timeZone) }
    /// The first day of the week that holds `day`, by `firstWeekday` (nil when none is set).
    public func weekStart(of day: Int) -> Int? {
        guard let firstWeekday else { return nil }
        return day - ((KithTime.weekday(day) - firstWeekday) + 7) % 7
    }

    /// Today's local date, `YYYY-MM-DD`.
    public var todayText: String { KithTime.formatDate(today) }
}
