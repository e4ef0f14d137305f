import CLua
import KithCore

extension KithAPI {
    static func installSchedule(_ b: APIBuilder) {
        let store = b.state.store
        b.table("schedule") {
            b.function("add") { c in
                let t = try c.table(
                    1, field: "event",
                    allowed: ["title", "person", "starts", "duration_minutes", "repeat", "remind_minutes_before"])
                var e = NewScheduleEvent(title: try t.requiredString("title"), starts: try t.requiredString("starts"))
                e.person = try t.person("person")
                e.durationMinutes = try t.integer("duration_minutes", in: 1...1440) ?? 60
                e.remindMinutesBefore = try t.integer("remind_minutes_before", in: 0...10080)
                e.recurrence = try t.field("repeat") { index in try recurrence(c, index) }
                c.push(try store.addScheduleEvent(e))
                return 1
            }
            b.function("occurrences") { c in
                let t = try c.table(1, field: "filter", allowed: ["since", "until"], optional: true)
                c.pushArray(
                    try store.occurrences(
                        since: try t.timeBound("since", clock: store.clock),
                        until: try t.timeBound("until", clock: store.clock))
                ) {
                    c.push($0)
                }
                return 1
            }
            b.function("list") { c in
                c.pushArray(try store.scheduleEvents()) { c.push($0) }
                return 1
            }
            b.function("remove") { c in
                try store.removeScheduleEvent(Int64(try c.integer(1, field: "id")))
                return 0
            }
            b.function("update") { c in
                let id = Int64(try c.integer(1, field: "id"))
                let t = try c.table(
                    2, field: "changes",
                    allowed: ["title", "person", "starts", "duration_minutes", "repeat", "remind_minutes_before"])
                var changes = ScheduleEventChanges()
                changes.title = try t.string("title")
                changes.starts = try t.string("starts")
                changes.durationMinutes = try t.integer("duration_minutes", in: 1...1440)
                // `false` clears an optional field (Lua's nil cannot be told from "not given").
                if try t.isFalse("person") {
                    changes.person = .some(nil)
                } else if let p = try t.person("person") {
                    changes.person = .some(p)
                }
                if try t.isFalse("repeat") {
                    changes.recurrence = .some(nil)
                } else if let rule = try t.field("repeat", { index in try recurrence(c, index) }) {
                    changes.recurrence = .some(rule)
                }
                if try t.isFalse("remind_minutes_before") {
                    changes.remindMinutesBefore = .some(nil)
                } else if let m = try t.integer("remind_minutes_before", in: 0...10080) {
                    changes.remindMinutesBefore = .some(m)
                }
                c.push(try store.updateScheduleEvent(id, changes))
                return 1
            }
            b.function("skip") { c in
                c.push(
                    try store.skipOccurrence(
                        of: Int64(try c.integer(1, field: "id")), on: try c.string(2, field: "day")))
                return 1
            }
            b.function("unskip") { c in
                try store.unskipOccurrence(of: Int64(try c.integer(1, field: "id")), on: try c.string(2, field: "day"))
                return 0
            }
        }
        b.table("reminders") {
            b.function("define") { c in
                let t = try c.table(1, field: "definition", allowed: ["id", "title", "check"])
                let id = try t.requiredString("id")
                try Catalog.checkReminderID(id)
                let title = try t.requiredString("title")
                try c.state.requireFunction(t, field: "check", purpose: "a function(ctx) returning a list of reminders")
                let source = (c.state.identity.pluginID ?? c.state.identity.name) + "/" + id
                let reads = Set(Permission.reads.filter(c.state.identity.allows))
                try store.catalog.define(
                    ReminderRule(source: source, title: title, reads: reads) { [weak state = c.state] context in
                        guard let state else { return [] }
                        return try state.runReminderCheck(id: id, source: source, context: context)
                    })
                c.state.storeCallback(from: t, field: "check", as: "reminder:" + id)
                return 0
            }
            b.function("due") { c in
                let t = try c.table(1, field: "options", allowed: ["at"], optional: true)
                let report = try store.dueReminders(
                    at: try t.instant("at", clock: store.clock), visibleTo: c.state.visiblePermissions)
                for failure in report.failures { c.state.log("[\(c.state.identity.name)] warning: \(failure)") }
                c.pushArray(report.reminders) { c.push($0) }
                return 1
            }
        }
    }

    /// `repeat = { freq =, interval =, byday =, until =, count = }`.
    private static func recurrence(_ c: LuaCall, _ index: Int32) throws -> Recurrence {
        guard c.type(index) == LUA_TTABLE else {
            throw KithError.invalid("repeat", "must be a table like { freq = \"weekly\" }")
        }
        let t = LuaTableReader(call: c, index: index, prefix: "repeat")
        try t.checkKeys(["freq", "interval", "byday", "until", "count"])
        guard let freq = try t.choice("freq", Recurrence.Frequency.self) else {
            throw KithError.invalid("repeat.freq", "is required")
        }
        return try Recurrence(
            frequency: freq, interval: try t.integer("interval", in: 1...366) ?? 1,
            byDay: try (t.strings("byday") ?? []).map(Recurrence.Day.init),
            until: try t.string("until"), count: try t.integer("count", in: 1...10_000))
    }
}

extension LuaCall {
    func push(_ e: ScheduleEvent) {
        newTable(fields: 10)
        set("id", e.id)
        set("title", e.title)
        set("person_id", e.personId)
        set("starts", e.starts)
        set("time_zone", e.timeZone)
        set("duration_minutes", e.durationMinutes)
        set("remind_minutes_before", e.remindMinutesBefore)
        set("skipped") { pushArray(e.skipped) }
        if let rule = e.recurrence {
            set("repeat") {
                newTable(fields: 5)
                set("freq", rule.frequency.rawValue)
                set("interval", rule.interval)
                set("byday") { pushArray(rule.byDay.map(\.description)) }
                set("until", rule.until)
                set("count", rule.count)
            }
        }
    }

    func push(_ o: Occurrence) {
        newTable(fields: 5)
        set("event_id", o.eventId)
        set("title", o.title)
        set("starts", o.starts)
        set("ends", o.ends)
        set("person_id", o.personId)
    }

    func push(_ r: Reminder) {
        newTable(fields: 6)
        set("key", r.key)
        set("source", r.source)
        set("title", r.title)
        set("due", r.due)
        set("person_id", r.personId)
        set("priority", r.priority.rawValue)
    }
}
