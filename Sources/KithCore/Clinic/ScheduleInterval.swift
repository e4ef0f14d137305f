/// How often a clinic asks for an instrument: a number of days, weeks or months.
public struct ScheduleInterval: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: String, Sendable { case day, week, month }

    public let count: Int
    public let unit: Unit

    /// Longest intervals: a year, in each unit.
    static let limits: [Unit: Int] = [.day: 366, .week: 52, .month: 12]

    /// What `init(parsing:)` takes, for the message when it is given something else.
    public static let expected = "a number of days, weeks or months up to a year, such as \"14 days\" or \"month\""

    /// Parses "14 days", "2 weeks", "month", "3 months" (a bare unit means one); nil for
    /// anything else.
    public init?(parsing text: String) {
        let words = text.lowercased().split(separator: " ").map(String.init)
        let count = words.count == 2 ? Int(words[0]) : words.count == 1 ? 1 : nil
        let unitWord = words.last.map { $0.hasSuffix("s") ? String($0.dropLast()) : $0 } ?? ""
        guard let count, let unit = Unit(rawValue: unitWord), let most = Self.limits[unit], (1...most).contains(count)
        else { return nil }
        self.count = count
        self.unit = unit
    }

    /// "every 14 days", "every month".
    public var description: String {
        count == 1 ? "every \(unit.rawValue)" : "every \(count) \(unit.rawValue)s"
    }

    /// `day` moved on by `times` intervals; a month from 31 January is the last day of February.
    public func after(_ day: LocalDay, times: Int = 1) -> LocalDay {
        switch unit {
        case .day: return day + count * times
        case .week: return day + 7 * count * times
        case .month:
            let (year, month, dayOfMonth) = KithTime.civil(fromDayNumber: day.number)
            let months = (month - 1) + count * times
            let (y, m) = (year + months.floorDivided(by: 12), months.floorModulo(12) + 1)
            return LocalDay(
                KithTime.dayNumber(year: y, month: m, day: min(dayOfMonth, KithTime.daysIn(month: m, year: y))))
        }
    }
}

extension Int {
    fileprivate func floorDivided(by d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
    fileprivate func floorModulo(_ d: Int) -> Int { self - floorDivided(by: d) * d }
}
