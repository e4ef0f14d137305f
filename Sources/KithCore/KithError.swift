/// An error a person can act on: what was wrong and, where it helps, what to do.
///
/// Kith's library reports every refusal through this type, so that each front end (the CLI,
/// the Lua API, a desktop app) can show one clear line. `field` names the input at fault;
/// the Lua bridge prefixes the function name (`kith.journal.add: field 'mood' must be ...`).
public struct KithError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What kind of refusal this is, so a front end can pick an exit status.
    public enum Kind: String, Sendable {
        /// The input is malformed or out of range.
        case invalidInput
        /// A referenced record (person, entry, type) does not exist.
        case notFound
        /// The write would contradict what is stored (a duplicate name, a non-empty store).
        case conflict
        /// The store itself could not be read or written.
        case storage
    }

    /// What kind of refusal this is.
    public let kind: Kind
    /// The input field at fault, if one is.
    public let field: String?
    /// The explanation, written to be read after the field name.
    public let reason: String
    /// What the person can do next, as data each front end words its own way.
    public let hint: KithHint?

    /// Creates an error; `reason` reads after "field 'x' " when `field` is given.
    public init(_ kind: Kind, field: String? = nil, _ reason: String, hint: KithHint? = nil) {
        self.kind = kind
        self.field = field
        self.reason = reason
        self.hint = hint
    }

    /// What was wrong, without the hint.
    public var problem: String {
        guard let field else { return reason }
        return "field '\(field)' \(reason)"
    }

    /// The one line a person sees where no front end words the hint (Lua, logs).
    public var description: String {
        guard let hint else { return problem }
        return problem + "; " + hint.neutral
    }

    /// An out-of-range or malformed field.
    public static func invalid(_ field: String, _ reason: String) -> KithError {
        KithError(.invalidInput, field: field, reason)
    }
}

/// What a person can do next after a refusal, in a report or a checkup, as data: the CLI
/// names a command, a desktop app may offer a button, and `neutral` words it for everyone else.
public enum KithHint: Sendable, Equatable {
    case listPeople, listJournal, listInteractions, listSchedule, listAssessmentResults, listReports,
        listSupportTypes, listMetrics, listDueReminders, listSnoozedReminders, listPlugins
    case createStore, restoreBackup, makeBackup, deleteWithInteractions, unskipOccurrence,
        scheduleEditFields, markCrisisContact, setCrisisLine, setCadence, editSafetyPlan, scaffoldPlugin
    case addPhone(person: String)
    case answerAssessment(id: String)
    case mapMoods(example: String)
    case disablePlugin(id: String?)
    case setPluginSetting(plugin: String, key: String)

    /// A hint's words as a sentence of its own, in any front end: capital first, full stop last.
    public static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    /// Words that name no front end's commands.
    public var neutral: String {
        switch self {
        case .listPeople: return "list your network to see who is in it, with their ids"
        case .listJournal: return "list the journal to see its entries and their ids"
        case .listInteractions: return "list the interactions to see their ids"
        case .listSchedule: return "list the schedule to see its commitments and their ids"
        case .listAssessmentResults: return "list the assessment results to see their ids"
        case .listReports: return "list the reports to see them"
        case .listSupportTypes: return "plugins can define more; list the support types to see them"
        case .listMetrics: return "list the metrics to see them"
        case .listDueReminders: return "list the due reminders to see each one's source and key"
        case .listSnoozedReminders: return "list the snoozed reminders to see them"
        case .listPlugins: return "list the plugins to see both"
        case .createStore: return "create a store first (or one with sample data), or name an existing one"
        case .restoreBackup: return "put your latest backup back (the damaged store is kept beside it)"
        case .makeBackup: return "copy the store with Kith's backup, not a file copy"
        case .deleteWithInteractions: return "delete their interactions with them, or archive them to keep everything"
        case .unskipOccurrence: return "unskip it to put it back"
        case .scheduleEditFields: return "give a new title, start, person, duration, rule or reminder"
        case .markCrisisContact: return "mark someone you trust as a crisis contact"
        case .setCrisisLine:
            return "set a crisis line: a country's (US, CA, GB, IE, AU, NZ, EU countries), or a name and a number"
        case .setCadence: return "give someone a stay-in-touch cadence to be reminded when you drift apart"
        case .editSafetyPlan: return "write your safety plan"
        case .scaffoldPlugin: return "a new plugin made by Kith shows the layout"
        case .addPhone(let person): return "save a phone number for \(person)"
        case .answerAssessment: return "answer the questionnaire to record a result"
        case .mapMoods(let example): return "map each to 1 (awful) .. 5 (rad), for example \(example)"
        case .disablePlugin: return "disable one of them"
        case .setPluginSetting(let plugin, let key): return "set \(plugin)'s \(key) setting again"
        }
    }
}
