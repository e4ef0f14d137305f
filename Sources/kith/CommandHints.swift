import KithCore

/// What to do next, in the CLI's words: the command to type. The core says what (a
/// `KithHint`); each front end says how.
enum CommandHints {
    static func text(_ hint: KithHint) -> String {
        switch hint {
        case .listPeople: return "run 'kith people list' to see who is in your network"
        case .listJournal: return "run 'kith journal list' to see entries"
        case .listInteractions: return "run 'kith interactions list' to see them"
        case .listSchedule: return "run 'kith schedule list' to see them"
        case .listAssessmentResults: return "run 'kith assess results' to see them"
        case .listReports: return "run 'kith report' to list them"
        case .listSupportTypes: return "plugins can define more; run 'kith types' to list them"
        case .listMetrics: return "run 'kith metrics' to list them"
        case .listDueReminders: return "run 'kith remind' to see the due ones with their source and key"
        case .listSnoozedReminders: return "run 'kith remind snoozed' to see the snoozed ones"
        case .listPlugins: return "'kith plugins list' shows both"
        case .createStore:
            return
                "create one with 'kith init' (or 'kith demo' for one with sample data), or give --store with the path of an existing one"
        case .restoreBackup:
            return "put your latest backup back with 'kith restore FILE' (the damaged store is kept beside it)"
        case .makeBackup: return "copy the store with 'kith backup', not cp"
        case .deleteWithInteractions:
            return "delete them too with --with-interactions, or keep everything with 'kith people archive'"
        case .unskipOccurrence: return "'kith schedule unskip' puts it back"
        case .scheduleEditFields: return "give at least one field to change (see 'kith schedule edit --help')"
        case .markCrisisContact: return "mark someone you trust: kith people edit NAME --crisis"
        case .setCrisisLine:
            return
                "set a line with 'kith plan crisis-line --country CODE' (US, CA, GB, IE, AU, NZ, EU countries) or --name NAME --phone NUMBER"
        case .setCadence: return "set one with 'kith people edit NAME --cadence 7'"
        case .editSafetyPlan: return "make one with 'kith plan edit'"
        case .scaffoldPlugin: return "'kith plugins new NAME' shows the layout"
        case .addPhone(let person): return "kith people edit \"\(person)\" --phone NUMBER"
        case .answerAssessment(let id): return "record one with 'kith assess \(id)'"
        case .mapMoods(let example): return "map each to 1 (awful) .. 5 (rad), for example --mood-map '\(example)'"
        case .disablePlugin(let id): return "disable one with 'kith plugins disable \(id ?? "ID")'"
        case .setPluginSetting(let plugin, let key):
            return
                "set it with 'kith plugins set \(plugin) \(key) VALUE' ('kith plugins info \(plugin)' says what it takes)"
        }
    }

    /// A refusal as the CLI shows it: what was wrong, then the command that helps.
    static func line(_ error: KithError) -> String {
        guard let hint = error.hint else { return error.problem }
        return error.problem + ". " + KithHint.sentence(text(hint))
    }
}
