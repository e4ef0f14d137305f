import KithCore
import KithLua

/// Every JSON-RPC method, in one table: the Lua API's functions that make sense from outside
/// Lua, under the same names and shapes, then what the Lua API leaves to front ends.
/// Defining things (types, metrics, reminders, reports, assessments, importers), events,
/// `kith.store`, files and the Lua helpers (json, date, log) stay plugin-only.
public enum RPCMethods {
    public static let all: [RPCMethod] = luaBacked + RPCNativeMethods.all

    /// Methods by name.
    public static let byName: [String: RPCMethod] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    static let luaBacked: [RPCMethod] = [
        .lua("support_types.list", "The support types: built in and from plugins.", .none),
        .lua("metrics.list", "The journal metrics: built in and from plugins.", .none),
        .lua(
            "people.add", "Adds a person to the network; returns them.",
            .options([
                "name", "type", "kind", "provides", "circle", "cadence_days", "phone", "email", "notes", "crisis",
            ]),
            writes: true),
        .lua("people.get", "A person by id or name, or null.", .positional(["person"])),
        .lua("people.list", "People sorted by name.", .options(["type", "circle", "provides", "archived"])),
        .lua(
            "people.update", "Changes the fields given; returns the person.", .positional(["person", "changes"]),
            writes: true),
        .lua("people.archive", "Archives a person (kept, out of lists).", .positional(["person"]), writes: true),
        .lua(
            "interactions.log", "Logs an interaction; returns it.",
            .options(["person", "at", "channel", "received", "gave", "helpfulness", "note"]), writes: true),
        .lua("interactions.list", "Interactions, newest first.", .options(["person", "since", "until", "limit"])),
        .lua(
            "journal.add", "Adds a journal entry; returns it.",
            .options(["at", "mood", "text", "tags", "metrics", "people"]), writes: true),
        .lua("journal.get", "A journal entry by id, or null.", .positional(["id"])),
        .lua(
            "journal.update", "Replaces the fields given (metrics merge); returns the entry.",
            .positional(["id", "changes"]), writes: true),
        .lua("journal.list", "Journal entries, newest first.", .options(["since", "until", "tag", "limit"])),
        .lua(
            "schedule.add", "Adds a commitment, once or repeating; returns it.",
            .options(["title", "person", "starts", "duration_minutes", "repeat", "remind_minutes_before"]),
            writes: true),
        .lua("schedule.list", "Every commitment, in order of first start.", .none),
        .lua("schedule.occurrences", "Occurrences in a period, in order.", .options(["since", "until"])),
        .lua(
            "schedule.update", "Changes the fields given (false clears); returns the commitment.",
            .positional(["id", "changes"]), writes: true),
        .lua("schedule.skip", "Skips one occurrence (a local date).", .positional(["id", "date"]), writes: true),
        .lua("schedule.unskip", "Puts a skipped occurrence back.", .positional(["id", "date"]), writes: true),
        .lua("schedule.remove", "Removes a commitment.", .positional(["id"]), writes: true),
        .lua("reminders.due", "Every reminder due now (or at `at`), from all sources.", .options(["at"])),
        .lua("reports.list", "Every report: built in and from plugins, with what each reads.", .none),
        .lua(
            "assessments.results", "Assessment results, newest first.", .options(["assessment", "since", "until"])),
        .lua("plan.get", "The safety plan, by section.", .none),
        .lua(
            "plan.update", "Replaces the sections given, keeps the others.",
            .options(SafetyPlan.Section.allCases.map(\.rawValue)), writes: true),
    ]
}
