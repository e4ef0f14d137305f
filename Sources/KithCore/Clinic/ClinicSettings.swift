/// What a clinic's profile sets for every store the person opens: its name and contact (shown
/// with crisis support), the usual circle and cadence of its support types, and the
/// instruments it asks for on a schedule. The person's own choices win over all of it.
public struct ClinicSettings: Equatable, Sendable {
    /// How the clinic is shown with crisis support: "Your clinic, NAME: PHONE (NOTE)".
    public var contactLine: String? {
        guard let phone else { return nil }
        return "- Your clinic, \(name): \(phone)" + (note.map { " (\($0))" } ?? "")
    }

    /// Where a support type's people usually go, and how often to stay in touch.
    public struct TypeDefaults: Equatable, Sendable {
        public var circle: Circle?
        /// nil keeps the type's own cadence.
        public var cadenceDays: Int?

        public init(circle: Circle? = nil, cadenceDays: Int? = nil) {
            self.circle = circle
            self.cadenceDays = cadenceDays
        }
    }

    /// An instrument the clinic asks for, how often, and since when.
    public struct InstrumentSchedule: Equatable, Sendable {
        /// The assessment's id (`phq9`).
        public var instrument: String
        public var every: ScheduleInterval
        /// The day the schedule began (the profile was applied): first due then.
        public var since: LocalDay

        public init(instrument: String, every: ScheduleInterval, since: LocalDay) {
            self.instrument = instrument
            self.every = every
            self.since = since
        }

        /// The day the current round fell due, or nil when none is due on `today`: rounds fall
        /// every interval from the last answer (or from `since`, never answered), and a round
        /// skipped (marked done) gives way to the next one. An answer from before the schedule
        /// counts too: a PHQ-9 answered yesterday is not asked for again today.
        public func dueDay(today: LocalDay, lastAnswered: LocalDay?) -> LocalDay? {
            let anchor: LocalDay
            var times: Int
            if let lastAnswered {
                anchor = lastAnswered
                times = 1
            } else {
                anchor = since
                times = 0
            }
            guard every.after(anchor, times: times) <= today else { return nil }
            // The latest round not after today: a first guess never past it (no round is longer
            // than its count of 31-day months), then forward a step at a time.
            let longest = every.count * (every.unit == .day ? 1 : every.unit == .week ? 7 : 31)
            times = max(times, (today - anchor) / longest)
            while every.after(anchor, times: times + 1) <= today { times += 1 }
            return every.after(anchor, times: times)
        }
    }

    /// The clinic's name.
    public var name: String
    /// The clinic's phone number.
    public var phone: String?
    /// When to call, in the clinic's words ("weekdays 9 to 5").
    public var note: String?
    /// By support type id.
    public var types: [String: TypeDefaults]
    public var schedules: [InstrumentSchedule]

    public init(
        name: String, phone: String? = nil, note: String? = nil, types: [String: TypeDefaults] = [:],
        schedules: [InstrumentSchedule] = []
    ) {
        self.name = name
        self.phone = phone
        self.note = note
        self.types = types
        self.schedules = schedules
    }
}
