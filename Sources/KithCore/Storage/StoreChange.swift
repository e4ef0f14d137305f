/// A committed write, announced to observers (plugin event handlers, `kith run --dry-run`'s
/// summary) only after its transaction has committed.
public enum StoreChange: Sendable {
    case personAdded(Person)
    case personUpdated(Person)
    case interactionLogged(Interaction)
    case journalAdded(JournalEntry)
    case journalUpdated(JournalEntry)
    case pluginDataSet(owner: String, key: String)
    case imported(summary: String)
    case assessmentRecorded(AssessmentResult)
    case safetyPlanChanged

    /// One line saying what was written.
    public var summary: String {
        switch self {
        case .personAdded(let p): return "added person \(p.name) (#\(p.id))"
        case .personUpdated(let p): return "updated person \(p.name) (#\(p.id))"
        case .interactionLogged(let i): return "logged interaction #\(i.id) with person #\(i.personId) at \(i.at)"
        case .journalAdded(let e): return "added journal entry #\(e.id) at \(e.at)"
        case .journalUpdated(let e): return "updated journal entry #\(e.id)"
        case .pluginDataSet(let owner, let key): return "stored key '\(key)' for \(owner)"
        case .imported(let summary): return "imported \(summary)"
        case .assessmentRecorded(let r):
            return "recorded \(r.assessment) result #\(r.id) (total \(ReportValue.number(r.total)))"
        case .safetyPlanChanged: return "changed the safety plan"
        }
    }
}
