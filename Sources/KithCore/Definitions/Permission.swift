/// What a plugin may read or change in the store (the Lua API's section 2). Scripts and the
/// person at a front end hold them all. Every route to data names the permission of the data
/// it reveals or changes: functions and events in the API's gate table, reports in their
/// `reads`, reminder rules through the plugin that defines them.
public enum Permission: String, CaseIterable, Sendable, Codable, Comparable {
    case peopleRead = "people.read", peopleWrite = "people.write"
    case interactionsRead = "interactions.read", interactionsWrite = "interactions.write"
    case journalRead = "journal.read", journalWrite = "journal.write"
    case assessmentsRead = "assessments.read", assessmentsWrite = "assessments.write"
    case scheduleRead = "schedule.read", scheduleWrite = "schedule.write"
    case planRead = "plan.read", planWrite = "plan.write"

    /// The read permissions: what a report or a reminder rule may declare it reads.
    public static let reads: [Permission] = allCases.filter { $0.rawValue.hasSuffix(".read") }
    /// Every write permission.
    public static let writes: [Permission] = allCases.filter { $0.rawValue.hasSuffix(".write") }

    /// What the permission lets a plugin do, as a person reads it before agreeing.
    public var plainWords: String {
        switch self {
        case .peopleRead: return "see the people in your network, with their phone numbers"
        case .peopleWrite: return "add and change people in your network"
        case .interactionsRead: return "see your contacts with people"
        case .interactionsWrite: return "log contacts with people"
        case .journalRead: return "read your journal entries"
        case .journalWrite: return "write and change journal entries"
        case .assessmentsRead: return "see your questionnaire answers, including answers about self-harm"
        case .assessmentsWrite: return "record questionnaire answers"
        case .scheduleRead: return "see your schedule and reminders"
        case .scheduleWrite: return "change your schedule and reminders"
        case .planRead: return "read your safety plan"
        case .planWrite: return "change your safety plan"
        }
    }

    public static func < (a: Permission, b: Permission) -> Bool { a.rawValue < b.rawValue }

    /// Parses a list of permission names, naming the field and the allowed names on a bad one.
    public static func parse(_ names: [String], field: String, only allowed: [Permission] = Permission.allCases) throws
        -> Set<Permission>
    {
        try Set(
            names.map { name in
                guard let p = Permission(rawValue: name), allowed.contains(p) else {
                    throw KithError.invalid(
                        field,
                        "must list permissions from \(allowed.map(\.rawValue).joined(separator: ", ")); got \(quoted(name))"
                    )
                }
                return p
            })
    }
}
