import Foundation
import GRDB

/// A crisis safety plan in the Stanley-Brown structure. Steps that name people point to people
/// in the network, so a changed phone number is current in the plan.
public struct SafetyPlan: Equatable, Sendable {
    /// The seven steps, in order.
    public enum Section: String, CaseIterable, Sendable {
        case warningSigns = "warning_signs", coping, distraction, help, professionals, environment, reasons

        /// The heading a person reads.
        public var title: String {
            switch self {
            case .warningSigns: return "Warning signs that a crisis may be developing"
            case .coping: return "Things I can do on my own to take my mind off my problems"
            case .distraction: return "People and places that help me take my mind off things"
            case .help: return "People I can ask for help"
            case .professionals: return "Professionals and services I can contact in a crisis"
            case .environment: return "Making my surroundings safe"
            case .reasons: return "My reasons for living"
            }
        }
    }

    /// One step's item: text, a person, or both ("Ana: call after 6 pm").
    public struct Item: Equatable, Sendable {
        public var text: String
        public var person: Person?

        /// Creates an item.
        public init(text: String, person: Person? = nil) {
            self.text = text
            self.person = person
        }

        /// As shown: the person's name and current phone, then the text.
        public var line: String {
            guard let p = person else { return text }
            var s = p.name + (p.phone.map { " (\($0))" } ?? "")
            if !text.isEmpty { s += ": " + text }
            return s
        }
    }

    /// Items per step.
    public var items: [Section: [Item]]

    /// True if no step has anything.
    public var isEmpty: Bool { items.values.allSatisfy(\.isEmpty) }
}

extension KithStore {
    static let planOwner = "kith.safety-plan"

    /// The safety plan, with the people it names as they are now.
    public func safetyPlan() throws -> SafetyPlan {
        let people = Dictionary(uniqueKeysWithValues: try people(PeopleFilter(archived: nil)).map { ($0.id, $0) })
        let rows = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT section, text, person_id FROM safety_plan_item ORDER BY section, position")
        }
        var items: [SafetyPlan.Section: [SafetyPlan.Item]] = [:]
        for row in rows {
            guard let section = SafetyPlan.Section(rawValue: row["section"]) else { continue }
            let personID: Int64? = row["person_id"]
            items[section, default: []].append(
                SafetyPlan.Item(text: row["text"], person: personID.flatMap { people[$0] }))
        }
        return SafetyPlan(items: items)
    }

    /// Replaces the whole plan in one transaction.
    public func replaceSafetyPlan(_ steps: [(SafetyPlan.Section, String, PersonReference?)]) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM safety_plan_item")
            var positions: [SafetyPlan.Section: Int] = [:]
            for (section, text, ref) in steps {
                let clean = try TextInput.clean(text, field: "text", trim: true)
                let person = try ref.map { try Self.requirePerson($0, db: db).id }
                guard !clean.isEmpty || person != nil else { continue }
                positions[section, default: 0] += 1
                try db.execute(
                    sql: "INSERT INTO safety_plan_item (section, position, text, person_id) VALUES (?, ?, ?, ?)",
                    arguments: [section.rawValue, positions[section]!, clean, person])
            }
            try db.execute(
                sql: """
                    INSERT INTO plugin_data (owner, key, value) VALUES (?, 'updated_at', ?) ON CONFLICT (owner, key) DO UPDATE SET value = excluded.value
                    """, arguments: [Self.planOwner, "\"\(clock.nowText)\""])
        }
        committed(.safetyPlanChanged)
    }

    /// Adds one item to a step.
    public func addSafetyPlanItem(_ section: SafetyPlan.Section, text: String, person: PersonReference?) throws {
        if person == nil && text.allSatisfy(\.isWhitespace) {
            throw KithError.invalid("text", "is empty: say what the item is, or name someone with --person")
        }
        var steps: [(SafetyPlan.Section, String, PersonReference?)] = []
        let plan = try safetyPlan()
        for s in SafetyPlan.Section.allCases {
            for item in plan.items[s] ?? [] { steps.append((s, item.text, item.person.map { .id($0.id) })) }
            if s == section { steps.append((s, text, person)) }
        }
        try replaceSafetyPlan(steps)
    }

    /// When the plan was last changed, if ever.
    public func safetyPlanUpdatedAt() throws -> String? {
        try pluginValue(owner: Self.planOwner, key: "updated_at").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }

    /// Days after which a review of the plan is reminded (default 90).
    public func safetyPlanReviewDays() throws -> Int {
        try pluginValue(owner: Self.planOwner, key: "review_days").flatMap { Int($0) } ?? 90
    }

    /// Sets the review interval.
    public func setSafetyPlanReviewDays(_ days: Int) throws {
        guard (7...730).contains(days) else {
            throw KithError.invalid("review-every", "must be from 7 to 730 days, got \(days)")
        }
        try setPluginValue(owner: Self.planOwner, key: "review_days", json: String(days))
    }

    /// The review reminder, once the plan is older than its review interval.
    func safetyPlanReminders(today: Int) throws -> [Reminder] {
        guard let updated = try safetyPlanUpdatedAt(),
            let seconds = try? KithTime.parseInstant(updated, field: "updated_at")
        else { return [] }
        let day = KithTime.localDay(of: seconds, timeZone: clock.timeZone)
        let days = try safetyPlanReviewDays()
        guard today - day >= days else { return [] }
        return [
            Reminder(
                key: "review-\(KithTime.formatDate(day))", source: "kith.safety-plan",
                title: "Your safety plan is \(Plural.count(today - day, "day")) old: review it",
                due: KithTime.formatDate(day + days), priority: .normal)
        ]
    }
}
