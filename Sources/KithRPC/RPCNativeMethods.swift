import Foundation
import KithCore
import KithLua
import KithPlugins
import KithReports

/// The methods the Lua API leaves to front ends, in Swift: undo and history, deleting,
/// search, reminders' done and snooze, reports rendered, instruments' forms, the crisis
/// section, plugin settings. Each declares its access here, beside its code.
enum RPCNativeMethods {
    static let all: [RPCMethod] =
        session + records + reminders + reports + assessments + safety + plugins + wholeStore

    static let session: [RPCMethod] = [
        .native("session.info", "The store, Kith's version, the API version, now and today.", .none, access: .open) {
            ctx, _ in
            .object([
                "store": .string(ctx.store.path), "store_source": .string(ctx.session.storeSource),
                "kith_version": .string(KithInfo.version), "api_version": .int(Int64(KithInfo.apiVersion)),
                "now": .string(ctx.store.clock.nowText), "today": .string(ctx.store.clock.todayText),
                "time_zone": .string(ctx.store.clock.timeZone.identifier),
            ])
        },
        .native(
            "changes.subscribe",
            "Asks for `changed` notifications naming the areas that changed, by this client or any other process.",
            .none, access: .open
        ) { ctx, _ in
            ctx.subscribed = true
            ctx.mark = try ctx.store.mark()
            return .object([
                "subscribed": .bool(true), "areas": .array(StoreArea.allCases.map { .string($0.rawValue) }),
            ])
        },
        .native("changes.unsubscribe", "Stops `changed` notifications.", .none, access: .open) { ctx, _ in
            ctx.subscribed = false
            return .object(["subscribed": .bool(false)])
        },
        .native(
            "history.list", "The latest changes, newest first, each with what it did.", .positional(["limit?"]),
            access: .needs(Permission.reads)
        ) { ctx, args in
            let limit = try args.integer(0) ?? 20
            guard (1...1000).contains(limit) else { throw KithError.invalid("limit", "must be from 1 to 1000") }
            return try ctx.json(try ctx.store.history(limit: Int(limit)))
        },
        .native(
            "history.undo", "Undoes the latest change not yet undone; returns it, or null if there is none.", .none,
            access: .needs(Permission.allCases), writes: true
        ) { ctx, _ in
            try ctx.store.undo().map { try ctx.json($0) } ?? .null
        },
    ]

    static let records: [RPCMethod] = [
        .native(
            "journal.search", "Journal entries whose text or tags hold the words, best first.",
            .positional(["query", "limit?"]), access: .needs([.journalRead])
        ) { ctx, args in
            let limit = try args.integer(1).map { n -> Int in
                guard (1...10_000).contains(n) else { throw KithError.invalid("limit", "must be from 1 to 10000") }
                return Int(n)
            }
            return try ctx.json(try ctx.store.searchJournal(try args.requiredString(0), limit: limit))
        },
        .native(
            "journal.delete", "Deletes a journal entry (history.undo brings it back); returns it.",
            .positional(["id"]), access: .needs([.journalWrite]), writes: true
        ) { ctx, args in
            try ctx.json(try ctx.store.deleteJournalEntry(try args.requiredInteger(0)))
        },
        .native(
            "interactions.delete", "Deletes an interaction (history.undo brings it back); returns it.",
            .positional(["id"]), access: .needs([.interactionsWrite]), writes: true
        ) { ctx, args in
            try ctx.json(try ctx.store.deleteInteraction(try args.requiredInteger(0)))
        },
        .native(
            "people.delete",
            "Deletes a person; with with_interactions, their interactions too (without it, a person with any is refused).",
            .positional(["person", "with_interactions?"]), access: .needs([.peopleWrite, .interactionsWrite]),
            writes: true
        ) { ctx, args in
            let (person, links) = try ctx.store.deletePerson(
                try person(ctx, args, 0), withInteractions: try args.boolean(1) ?? false)
            return .object([
                "person": try ctx.json(person), "interactions_deleted": .int(Int64(links.interactions)),
                "mentions_removed": .int(Int64(links.mentions)), "commitments_kept": .int(Int64(links.commitments)),
                "plan_items_kept": .int(Int64(links.planItems)),
            ])
        },
    ]

    static let reminders: [RPCMethod] = [
        .native(
            "reminders.done", "Marks a reminder done: it is not shown again.", .positional(["source", "key"]),
            access: .needs([.scheduleWrite]), writes: true
        ) { ctx, args in
            try ctx.store.markReminderDone(source: try args.requiredString(0), key: try args.requiredString(1))
            return .null
        },
        .native(
            "reminders.snooze", "Hides a reminder until a date, when it is due again.",
            .positional(["source", "key", "until"]), access: .needs([.scheduleWrite]), writes: true
        ) { ctx, args in
            try ctx.store.snoozeReminder(
                source: try args.requiredString(0), key: try args.requiredString(1), until: try args.requiredString(2))
            return .null
        },
        .native(
            "reminders.unsnooze", "Shows a snoozed reminder again.", .positional(["source", "key"]),
            access: .needs([.scheduleWrite]), writes: true
        ) { ctx, args in
            try ctx.store.cancelSnooze(source: try args.requiredString(0), key: try args.requiredString(1))
            return .null
        },
        .native("reminders.snoozed", "Snoozed reminders and when each is back.", .none, access: .needs([.scheduleRead]))
        { ctx, _ in
            try ctx.json(try ctx.store.snoozedReminders())
        },
    ]

    static let reports: [RPCMethod] = [
        .native(
            "reports.run",
            "Runs a report: the document, or with format (text, markdown, html, csv, json) its rendering as text.",
            .positional(["id", "since?", "until?", "params?", "format?"]), access: .reportReads
        ) { ctx, args in
            var text: [String: String] = [:]
            for (key, value) in try args.object(3) ?? [:] {
                guard let scalar = value.scalarText else {
                    throw KithError.invalid("params.\(key)", "must be a string, number or boolean")
                }
                text[key] = scalar
            }
            var request = try ReportRequest(parsing: text)
            try request.setPeriod(since: try args.string(1), until: try args.string(2))
            let document = try ctx.store.runReport(try args.requiredString(0), request)
            guard let name = try args.string(4) else {
                return try JSONText.decode(
                    ReportFormat.json.render(document), field: "document", maxDepth: 64,
                    budget: JSONBudget(bytes: 1 << 30, limitMiB: 1024))
            }
            guard let format = ReportFormat(rawValue: name) else {
                let known = ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw KithError.invalid("format", "must be one of \(known), got \"\(name)\"")
            }
            return .object([
                "title": .string(document.title), "format": .string(name), "text": .string(format.render(document)),
            ])
        }
    ]

    static let assessments: [RPCMethod] = [
        .native(
            "assessments.list", "Every instrument with its instructions, items and choices: what a form is made from.",
            .none, access: .open
        ) { ctx, _ in
            .array(ctx.store.catalog.assessments.map(instrument))
        },
        .native(
            "assessments.record",
            "Records answers; returns the result. A risk answer adds `crisis`: who to reach and the crisis line.",
            .positional(["assessment", "answers", "at?"]),
            access: APIGate.functions["kith.assessments.record"] ?? .needs([.assessmentsWrite]), writes: true
        ) { ctx, args in
            var arguments = [JSONValue.string(try args.requiredString(0)), args.value(1) ?? .null]
            if let at = try args.string(2) { arguments.append(.string(at)) }
            return try withCrisis(ctx, try ctx.lua.callAPI("kith.assessments.record", arguments: arguments))
        },
        .native(
            "assessments.edit", "Corrects a result's answers or time and scores it again; returns it.",
            .positional(["id", "answers?", "at?"]), access: .needs([.assessmentsWrite, .assessmentsRead]),
            writes: true
        ) { ctx, args in
            var answers: [String: Int]?
            if let given = try args.object(1) {
                answers = try given.mapValues { v -> Int in
                    guard case .int(let n) = v, let small = Int(exactly: n) else {
                        throw KithError.invalid("answers", "must map item ids to whole numbers")
                    }
                    return small
                }
            }
            let result = try ctx.store.correctAssessmentResult(
                try args.requiredInteger(0), answers: answers, at: try args.string(2))
            return try withCrisis(ctx, try ctx.json(result))
        },
        .native(
            "assessments.delete", "Deletes a result (history.undo brings it back); returns it.",
            .positional(["id"]), access: .needs([.assessmentsWrite]), writes: true
        ) { ctx, args in
            try ctx.json(try ctx.store.deleteAssessmentResult(try args.requiredInteger(0)))
        },
    ]

    static let safety: [RPCMethod] = [
        .native(
            "crisis.support", "Who to reach now and the crisis line, with the lines every front end shows.", .none,
            access: .needs([.peopleRead, .planRead])
        ) { ctx, _ in
            try ctx.crisis()
        },
        .native(
            "plan.crisis_line", "Sets the crisis line: a country's (country), or a name and a number.",
            .positional(["country?", "name?", "phone?", "note?"]), access: .needs([.planWrite]), writes: true
        ) { ctx, args in
            if let country = try args.string(0) {
                try ctx.store.setCrisisLine(country: country)
            } else {
                guard let name = try args.string(1), let phone = try args.string(2) else {
                    throw KithError.invalid("country", "or a name and a phone is required")
                }
                try ctx.store.setCrisisLine(CrisisLine(name: name, phone: phone, note: try args.string(3)))
            }
            return try ctx.crisis()
        },
    ]

    static let plugins: [RPCMethod] = [
        .native("plugins.list", "Every plugin found, with its status, permissions and settings.", .none, access: .open)
        { ctx, _ in
            .array(ctx.session.plugins.records.map { plugin($0, store: ctx.store) })
        },
        .native(
            "plugins.disable", "Stops loading a plugin from the next start (it stays installed).",
            .positional(["plugin"]), access: .open
        ) { ctx, args in
            try enable(ctx, try args.requiredString(0), false)
        },
        .native(
            "plugins.enable", "Loads a disabled plugin again from the next start.", .positional(["plugin"]),
            access: .open
        ) { ctx, args in
            try enable(ctx, try args.requiredString(0), true)
        },
        .native(
            "plugins.set", "Sets a setting a plugin declares; refused, keeping nothing, when it does not fit.",
            .positional(["plugin", "key", "value"]), access: .open, writes: true
        ) { ctx, args in
            let id = try args.requiredString(0), key = try args.requiredString(1)
            guard let record = ctx.session.plugins.records.first(where: { $0.id == id }) else {
                throw KithError(.notFound, field: "plugin", "names no plugin: \"\(id)\"", hint: .listPlugins)
            }
            guard let setting = record.manifest?.settings.first(where: { $0.key == key }) else {
                throw KithError.invalid("key", "names no setting of plugin '\(id)': \"\(key)\"")
            }
            guard let typed = args.value(2)?.scalarText else {
                throw KithError.invalid("value", "must be a string, number or boolean")
            }
            try ctx.store.setPluginSetting(setting, of: id, typed: typed)
            return plugin(record, store: ctx.store)
        },
    ]

    static let wholeStore: [RPCMethod] = [
        .native(
            "store.export", "The whole store as Kith's export document (what `kith export` writes).", .none,
            access: .needs(Permission.reads)
        ) { ctx, _ in
            try ctx.json(try ctx.store.exportDocument())
        },
        .native(
            "store.import", "Adds a Kith export document to the store, in one transaction (nothing on any error).",
            .positional(["document"]), access: .needs(Permission.writes), writes: true
        ) { ctx, args in
            guard let document = args.value(0), case .object = document else {
                throw KithError.invalid("document", "must be a Kith export document (an object)")
            }
            try ctx.store.importDocument(
                try StoreExport.decode(Data(JSONText.encode(document).utf8), file: "the document"))
            return .object(["imported": .bool(true)])
        },
        .native(
            "store.import_text",
            "Imports Daylio CSV, jrnl JSON, vCard or a plugin's format, told from the text unless format is given; one transaction, or nothing with dry_run.",
            .positional(["text", "format?", "mood_map?", "default_type?", "dry_run?"]),
            access: .needs(Permission.writes), writes: true
        ) { ctx, args in
            let text = try args.requiredString(0)
            guard let format = try args.string(1) ?? ImportFormat.detect(Data(text.utf8)), format != "kith" else {
                throw KithError.invalid(
                    "format",
                    "could not be told from the text (Kith looked for \(ImportFormat.detectionSummary)); name it, or send a Kith export to store.import"
                )
            }
            let summary = try ctx.store.importText(
                text, format: format, file: "the text",
                options: ImportOptions(moodMap: try args.string(2), defaultType: try args.string(3) ?? "friend"),
                dryRun: try args.boolean(4) ?? false)
            var result = try ctx.json(summary)
            if case .object(var fields) = result {
                fields["format"] = .string(format)
                result = .object(fields)
            }
            return result
        },
        .native(
            "store.backup", "Copies the store to a new file (never over an existing one), mode 0600.",
            .positional(["path"]), access: .needs(Permission.reads)
        ) { ctx, args in
            let path = try args.requiredString(0)
            try ctx.store.backup(to: path)
            return .object(["path": .string(path)])
        },
    ]

    // MARK: - Shared

    /// Disables or enables a plugin found on the plugin path; it takes effect at the next start.
    static func enable(_ ctx: RPCContext, _ id: String, _ enabled: Bool) throws -> JSONValue {
        guard ctx.session.plugins.records.contains(where: { $0.id == id }) else {
            throw KithError(.notFound, field: "plugin", "names no plugin: \"\(id)\"", hint: .listPlugins)
        }
        try PluginSettings(environment: ctx.session.environment).set(id, disabled: !enabled)
        return .object(["plugin": .string(id), "enabled": .bool(enabled), "from": .string("the next start")])
    }

    /// A person named by id (a number) or by name (text, as a person types it).
    static func person(_ ctx: RPCContext, _ args: RPCArguments, _ index: Int) throws -> PersonReference {
        if let id = try? args.integer(index) { return .id(id) }
        return try ctx.store.resolvePerson(typed: try args.requiredString(index))
    }

    /// A result with the crisis section added when it carries a risk answer.
    static func withCrisis(_ ctx: RPCContext, _ result: JSONValue) throws -> JSONValue {
        guard case .object(var fields) = result, case .string? = fields["risk"] else { return result }
        fields["crisis"] = ctx.crisisOrFallback()
        return .object(fields)
    }

    static func instrument(_ a: AssessmentDefinition) -> JSONValue {
        func choices(_ list: [AssessmentDefinition.Choice]) -> JSONValue {
            .array(list.map { .object(["value": .int(Int64($0.value)), "label": .string($0.label)]) })
        }
        return .object([
            "id": .string(a.id), "title": .string(a.title), "version": .string(a.version),
            "instructions": a.instructions.map(JSONValue.string) ?? .null,
            "about": a.about.map(JSONValue.string) ?? .null, "plugin": a.plugin.map(JSONValue.string) ?? .null,
            "choices": choices(a.choices),
            "items": .array(
                a.items.map { item in
                    .object([
                        "id": .string(item.id), "text": .string(item.text), "optional": .bool(item.optional),
                        "choices": choices(a.choices(for: item)),
                    ])
                }),
        ])
    }

    static func plugin(_ r: PluginRecord, store: KithStore) -> JSONValue {
        let settings: [JSONValue] = (r.manifest?.settings ?? []).map { s in
            .object([
                "key": .string(s.key), "description": .string(s.description), "accepts": .string(s.accepts),
                "default": .string(s.defaultValue.description),
                "value": (try? store.pluginSetting(s, of: r.id)).map { .string($0.description) } ?? .null,
            ])
        }
        return .object([
            "id": .string(r.id), "name": r.manifest.map { .string($0.name) } ?? .null,
            "version": r.manifest.map { .string($0.version) } ?? .null, "status": .string(r.status.name),
            "reason": r.status.reason.map(JSONValue.string) ?? .null,
            "origin": .string(r.origin),
            "permissions": .array((r.manifest?.permissions ?? []).map { .string($0.rawValue) }),
            "settings": .array(settings),
        ])
    }
}
