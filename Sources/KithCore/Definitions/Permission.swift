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
