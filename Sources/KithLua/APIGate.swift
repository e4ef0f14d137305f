import KithCore

/// What calling a `kith.*` function needs.
public enum Access: Sendable, Equatable {
    /// Reveals and changes none of the person's data: the clock, JSON, definitions, the
    /// code's own `kith.store`.
    case open
    /// Needs every one of these permissions.
    case needs([Permission])
    /// Files: scripts only (a plugin never reads or writes files).
    case scriptOnly
    /// `kith.reports.run`: needs what the report declares in its `reads`.
    case reportReads
}

/// The one permission gate of the Lua API: every function and every event Kith registers is
/// declared here, and `LuaState` checks the table before the function body runs. A function
/// missing from the table is refused for everyone, and a test walks the registered API and
/// fails on it, so nothing reaches data by an undeclared route.
public enum APIGate {
    /// Every function, by its Lua name.
    public static let functions: [String: Access] = [
        "kith.on": .open,  // the event's own permission is checked by kith.on (see `events`)
        "kith.now": .open, "kith.today": .open,
        "kith.date.add": .open, "kith.date.diff": .open, "kith.date.weekday": .open, "kith.date.of": .open,
        "kith.date.week_start": .open, "kith.assessments.sum": .open, "kith.assessments.band": .open,
        "kith.log.info": .open, "kith.log.warn": .open,
        "kith.json.encode": .open, "kith.json.decode": .open,
        "kith.store.get": .open, "kith.store.set": .open,
        "kith.settings.get": .open,  // the plugin's own declared settings, behind kith.store's gate
        "kith.files.read": .scriptOnly, "kith.files.write": .scriptOnly, "kith.files.lines": .scriptOnly,

        "kith.support_types.define": .open, "kith.support_types.list": .open,
        // update returns the whole record, whatever it changed: it needs the read permission too.
        "kith.people.add": .needs([.peopleWrite]), "kith.people.update": .needs([.peopleWrite, .peopleRead]),
        "kith.people.archive": .needs([.peopleWrite]),
        "kith.people.get": .needs([.peopleRead]), "kith.people.list": .needs([.peopleRead]),
        "kith.interactions.log": .needs([.interactionsWrite]), "kith.interactions.list": .needs([.interactionsRead]),

        "kith.metrics.define": .open, "kith.metrics.list": .open,
        "kith.journal.add": .needs([.journalWrite]), "kith.journal.update": .needs([.journalWrite, .journalRead]),
        "kith.journal.get": .needs([.journalRead]), "kith.journal.list": .needs([.journalRead]),
        "kith.journal.each": .needs([.journalRead]),

        "kith.schedule.add": .needs([.scheduleWrite]), "kith.schedule.remove": .needs([.scheduleWrite]),
        "kith.schedule.list": .needs([.scheduleRead]), "kith.schedule.occurrences": .needs([.scheduleRead]),
        "kith.schedule.update": .needs([.scheduleWrite, .scheduleRead]),
        "kith.schedule.skip": .needs([.scheduleWrite, .scheduleRead]),
        "kith.schedule.unskip": .needs([.scheduleWrite, .scheduleRead]),
        "kith.reminders.define": .open,
        // Stay-in-touch reminders name people, schedule reminders name events; other plugins'
        // rules are shown only to a caller holding every permission their plugin holds.
        "kith.reminders.due": .needs([.peopleRead, .scheduleRead]),

        "kith.reports.define": .open, "kith.reports.list": .open, "kith.reports.run": .reportReads,
        "kith.importers.define": .open,
        "kith.assessments.define": .open,
        "kith.assessments.record": .needs([.assessmentsWrite]), "kith.assessments.results": .needs([.assessmentsRead]),

        "kith.plan.get": .needs([.planRead]), "kith.plan.update": .needs([.planWrite]),
        "kith.plan.default_crisis_line": .needs([.planWrite]),
    ]

    /// Every event `kith.on` accepts, with the permission of the data it carries.
    public static let events: [String: Permission] = [
        "journal.added": .journalRead,
        "interaction.logged": .interactionsRead,
        "person.added": .peopleRead,
        "assessment.recorded": .assessmentsRead,
    ]
}
