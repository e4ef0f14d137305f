import CKithLua
import CLua
import KithCore

/// Event handlers registered with `kith.on` (docs/lua-api.md 4.9), kept in a registry table
/// keyed by this state's own address.
extension LuaState {
    /// The events plugins may subscribe to (the gate table says what each needs).
    public static var events: Set<String> { Set(APIGate.events.keys) }

    /// The event a committed change raises, if any.
    public static func event(of change: StoreChange) -> String? {
        switch change {
        case .journalAdded: return "journal.added"
        case .interactionLogged: return "interaction.logged"
        case .personAdded: return "person.added"
        case .assessmentRecorded: return "assessment.recorded"
        default: return nil
        }
    }

    /// Pushes the handler list for `event` (a table, possibly empty) and returns its length.
    func pushHandlers(_ event: String) -> Int {
        let c = LuaCall(L: L, state: self, function: 0)
        lua_rawgetp(L, ckith_registryindex(), eventKey)  // [handlers]
        if lua_type(L, -1) != LUA_TTABLE {
            ckith_pop(L, 1)
            c.newTable(fields: 4)
            lua_pushvalue(L, -1)
            lua_rawsetp(L, ckith_registryindex(), eventKey)  // [handlers]
        }
        c.push(event)
        lua_rawget(L, -2)  // [handlers, list?]
        if lua_type(L, -1) != LUA_TTABLE {
            ckith_pop(L, 1)
            c.newTable(array: 2)
            c.push(event)
            lua_pushvalue(L, -2)
            lua_rawset(L, -4)  // [handlers, list]
        }
        lua_rotate(L, -2, 1)
        ckith_pop(L, 1)  // [list]
        return Int(lua_rawlen(L, -1))
    }

    /// `kith.on(event, fn)`.
    func addHandler(_ c: LuaCall) throws -> Int32 {
        if case .script = identity {
            throw KithError(.invalidInput, "is for plugins; a script can act on its own writes where it makes them")
        }
        let event = try c.string(1, field: "event")
        guard Self.events.contains(event) else {
            throw KithError.invalid(
                "event",
                "must be one of \(Self.events.sorted().map { "'\($0)'" }.joined(separator: ", ")), got \"\(event)\"")
        }
        guard c.type(2) == LUA_TFUNCTION else {
            throw KithError.invalid("handler", "must be a function, got \(c.typeName(2))")
        }
        if let needed = APIGate.events[event], !identity.allows(needed) {
            throw KithError(
                .invalidInput,
                "'\(event)' carries data that needs '\(needed.rawValue)', which plugin '\(identity.name)' does not hold; add it to the permissions in plugin.toml"
            )
        }
        let count = pushHandlers(event)  // [.., list]
        lua_pushvalue(L, 2)
        lua_rawseti(L, -2, lua_Integer(count + 1))
        ckith_pop(L, 1)
        return 0
    }

    /// How many handlers this state has for `event`.
    public func handlerCount(for event: String) -> Int {
        let n = pushHandlers(event)
        ckith_pop(L, 1)
        return n
    }

    /// Runs this state's handlers for a committed change, each under its own deadline and
    /// inside `each` (the host makes each handler's writes one transaction); returns the
    /// failures (a failing handler never stops the others).
    @discardableResult
    public func dispatch(_ change: StoreChange, each: (() throws -> Void) throws -> Void = { try $0() }) -> [LuaError] {
        // The gate again at delivery: a handler never receives data its plugin may not read.
        guard let event = Self.event(of: change), let needed = APIGate.events[event], identity.allows(needed) else {
            return []
        }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let count = pushHandlers(event)  // [list]
        var failures: [LuaError] = []
        let c = LuaCall(L: L, state: self, function: 0)
        for i in stride(from: 1, through: count, by: 1) {
            lua_rawgeti(L, top + 1, lua_Integer(i))  // [list, fn]
            switch change {
            case .journalAdded(let e): c.push(e)
            case .interactionLogged(let x): c.push(x)
            case .personAdded(let p): c.push(p)
            case .assessmentRecorded(let r): c.push(r)
            default: c.pushNil()
            }
            do {
                try each { try protectedCall(arguments: 1, results: 0) }
            } catch let error as LuaError {
                failures.append(error)
            } catch {
                failures.append(LuaError(kind: .runtime, who: identity.name, message: "\(error)"))
            }
        }
        return failures
    }
}

/// Reminder rules' check functions, kept with the event handlers under `reminder:ID`.
extension LuaState {
    /// Fails unless `table[field]` is a function; `purpose` says what it should do.
    func requireFunction(_ table: LuaTableReader, field: String, purpose: String) throws {
        guard try table.field(field, { table.call.type($0) == LUA_TFUNCTION }) == true else {
            throw KithError.invalid(field, "must be \(purpose)")
        }
    }

    /// Keeps the function `table[field]` as the callback `name` (`report:weekly`). Called once
    /// the definition is accepted, so a refused duplicate never replaces the first one's function.
    func storeCallback(from table: LuaTableReader, field: String, as name: String) {
        let top = lua_gettop(L)
        table.call.push(field)
        lua_rawget(L, table.index)  // [fn]
        _ = pushHandlers(name)  // [fn, list]
        lua_pushvalue(L, top + 1)  // [fn, list, fn]
        lua_rawseti(L, -2, 1)  // [fn, list]
        lua_settop(L, top)
    }

    /// Pushes the callback `name` (two values: its holder and the function), or throws.
    func pushCallback(named name: String) throws {
        guard pushHandlers(name) >= 1 else { throw KithError(.notFound, "\(name) has no function (was it defined?)") }
        lua_rawgeti(L, -1, 1)  // [list, fn]
    }

    /// Calls a reminder rule's check with `{ now =, today = }` and reads back its reminders.
    func runReminderCheck(id: String, source: String, context: ReminderContext) throws -> [ReminderDraft] {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushCallback(named: "reminder:" + id)  // [list, check]
        let c = LuaCall(L: L, state: self, function: 0)
        c.newTable(fields: 2)
        c.set("now", context.now)
        c.set("today", context.today)
        try protectedCall(arguments: 1, results: 1)  // [list, result]
        let result: LuaValue
        do { result = try c.value(-1, field: "result") } catch {
            throw LuaError(
                kind: .runtime, who: identity.name, message: "reminder rule '\(id)' returned \(Self.describe(error))")
        }
        return try Self.drafts(result, id: id, who: identity.name)
    }

    static func drafts(_ value: LuaValue, id: String, who: String) throws -> [ReminderDraft] {
        func fail(_ what: String) -> LuaError {
            LuaError(
                kind: .runtime, who: who,
                message:
                    "reminder rule '\(id)' must return a list of { key=, title=, due=, person=, priority= }: \(what)")
        }
        guard case .array(let items) = value else {
            if value == .null || value == .object([:]) { return [] }
            throw fail("got something else")
        }
        return try items.enumerated().map { i, item in
            guard case .object(let f) = item else { throw fail("item \(i + 1) is not a table") }
            func text(_ key: String) throws -> String? {
                switch f[key] {
                case nil, .null?: return nil
                case .string(let s)?: return s
                case .int(let n)?: return String(n)
                default: throw fail("item \(i + 1): '\(key)' must be a string")
                }
            }
            guard let key = try text("key"), let title = try text("title"), let due = try text("due") else {
                throw fail("item \(i + 1) needs key, title and due")
            }
            var person: PersonReference?
            switch f["person"] {
            case .int(let n)?: person = .id(n)
            case .string(let s)?: person = .name(s)
            case nil, .null?: person = nil
            default: throw fail("item \(i + 1): 'person' must be an id or a name")
            }
            var priority = Reminder.Priority.normal
            if let p = try text("priority") {
                guard let parsed = Reminder.Priority(rawValue: p) else {
                    throw fail("item \(i + 1): 'priority' must be low, normal or high")
                }
                priority = parsed
            }
            let known: Set<String> = ["key", "title", "due", "person", "priority"]
            if let extra = f.keys.sorted().first(where: { !known.contains($0) }) {
                throw fail("item \(i + 1) has an unknown field '\(extra)'")
            }
            return ReminderDraft(key: key, title: title, due: due, person: person, priority: priority)
        }
    }
}
