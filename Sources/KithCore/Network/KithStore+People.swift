import Foundation
import GRDB

extension KithStore {
    /// Adds someone to the network.
    public func addPerson(_ new: NewPerson) throws -> Person {
        let name = try TextInput.clean(new.name, field: "name", trim: true, allowEmpty: false)
        let type = try catalog.requireSupportType(new.type)
        let usual = catalog.clinic?.types[type.id]
        let cadence = try Self.checkCadence(new.cadenceDays ?? usual?.cadenceDays ?? type.defaultCadenceDays)
        var person = Person(
            id: 0, name: name, type: type.id, kind: new.kind, provides: (new.provides ?? type.dimensions).sorted(),
            circle: new.circle ?? usual?.circle ?? .middle, cadenceDays: cadence,
            phone: try TextInput.cleanOptional(new.phone, field: "phone"),
            email: try Self.checkEmail(new.email), notes: try TextInput.cleanOptional(new.notes, field: "notes"),
            crisis: new.crisis, archived: false, createdAt: clock.nowText, lastInteractionAt: nil)
        try write { db in
            let key = Self.foldedName(name)
            try Self.requireFreeName(name, key: key, db: db)
            // A cached statement: preparing it compiles the change log's trigger too.
            try db.cachedStatement(
                sql: """
                    INSERT INTO person (name, name_key, type, kind, provides, circle, cadence_days, phone, email, notes, crisis, archived, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                    """
            ).execute(arguments: [
                person.name, key, person.type, person.kind.rawValue, Vocabulary.encode(person.provides),
                person.circle.rawValue, person.cadenceDays, person.phone, person.email, person.notes,
                person.crisis, person.createdAt,
            ])
            person.id = db.lastInsertedRowID
        }
        committed(.personAdded(person))
        return person
    }

    /// The person with this id or exact name, or nil.
    public func person(_ ref: PersonReference) throws -> Person? {
        try read { db in try Self.fetchPerson(ref, db: db) }
    }

    /// The person with this id or exact name, or an error saying how to find them.
    public func requirePerson(_ ref: PersonReference, field: String = "person") throws -> Person {
        try read { db in try Self.requirePerson(ref, db: db, field: field) }
    }

    /// People matching `filter`, sorted by name.
    public func people(_ filter: PeopleFilter = PeopleFilter()) throws -> [Person] {
        var conditions: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let type = filter.type { conditions.append("type = ?"); args.append(type) }
        if let circle = filter.circle { conditions.append("circle = ?"); args.append(circle.rawValue) }
        if let dim = filter.provides {
            conditions.append("(',' || provides || ',') LIKE ?"); args.append("%,\(dim.rawValue),%")
        }
        if let archived = filter.archived { conditions.append("archived = ?"); args.append(archived) }
        let whereSQL = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Person.fetchAll(
                db, sql: Person.selectWithLastInteraction + whereSQL + " ORDER BY name COLLATE NOCASE, id",
                arguments: StatementArguments(args))
        }
    }

    /// Changes a person's fields; fields not set in `changes` stay as they are.
    public func updatePerson(_ ref: PersonReference, _ changes: PersonChanges) throws -> Person {
        let updated: Person = try write { db in
            var p = try Self.requirePerson(ref, db: db)
            if let name = changes.name {
                let clean = try TextInput.clean(name, field: "name", trim: true, allowEmpty: false)
                if clean != p.name {
                    try Self.requireFreeName(clean, key: Self.foldedName(clean), db: db, except: p.id)
                }
                p.name = clean
            }
            if let type = changes.type { p.type = try catalog.requireSupportType(type).id }
            if let kind = changes.kind { p.kind = kind }
            if let provides = changes.provides { p.provides = provides.sorted() }
            if let circle = changes.circle { p.circle = circle }
            if let cadence = changes.cadenceDays { p.cadenceDays = try Self.checkCadence(cadence) }
            if let phone = changes.phone { p.phone = try TextInput.cleanOptional(phone, field: "phone") }
            if let email = changes.email { p.email = try Self.checkEmail(email) }
            if let notes = changes.notes { p.notes = try TextInput.cleanOptional(notes, field: "notes") }
            if let crisis = changes.crisis { p.crisis = crisis }
            if let archived = changes.archived { p.archived = archived }
            try p.update(db)
            return p
        }
        committed(.personUpdated(updated))
        return updated
    }

    /// Archives a person: kept with their history, but out of lists and reminders.
    @discardableResult
    public func archivePerson(_ ref: PersonReference) throws -> Person {
        var changes = PersonChanges()
        changes.archived = true
        return try updatePerson(ref, changes)
    }

    static func fetchPerson(_ ref: PersonReference, db: Database) throws -> Person? {
        switch ref {
        case .id(let id):
            return try Person.fetchOne(
                db, sql: Person.selectWithLastInteraction + " WHERE person.id = ?", arguments: [id])
        case .name(let name):
            return try Person.fetchOne(
                db, sql: Person.selectWithLastInteraction + " WHERE person.name = ?",
                arguments: [name.precomposedStringWithCanonicalMapping])
        }
    }

    static func requirePerson(_ ref: PersonReference, db: Database, field: String = "person") throws -> Person {
        if let p = try fetchPerson(ref, db: db) { return p }
        switch ref {
        case .id(let id):
            throw KithError(.notFound, field: field, "names no one: there is no person #\(id)", hint: .listPeople)
        case .name(let name):
            if let close = try String.fetchOne(
                db, sql: "SELECT name FROM person WHERE name = ? COLLATE NOCASE",
                arguments: [name.precomposedStringWithCanonicalMapping])
            {
                throw KithError(
                    .notFound, "No one named \(quoted(name)) is in your network. Did you mean \(quoted(close))?")
            }
            throw KithError(.notFound, "No one named \(quoted(name)) is in your network", hint: .listPeople)
        }
    }

    private static func requireFreeName(_ name: String, key: String, db: Database, except id: Int64? = nil) throws {
        // "sam ortiz" beside "Sam Ortiz" would be two people no one could tell apart by name.
        let taken = try Row.fetchOne(
            db, sql: "SELECT name FROM person WHERE name_key = ? AND id IS NOT ?", arguments: [key, id])
        if let taken {
            let existing: String = taken["name"]
            let what =
                existing == name
                ? "\(quoted(name)) is already in your network"
                : "\(quoted(existing)) is already in your network, written \(quoted(name)) here"
            throw KithError(
                .conflict, field: "name", "\(what); give this person a distinct name (for example with an initial)")
        }
    }

    private static func checkCadence(_ days: Int?) throws -> Int? {
        guard let days else { return nil }
        guard (1...3650).contains(days) else {
            throw KithError.invalid("cadence_days", "must be a whole number of days from 1 to 3650, got \(days)")
        }
        return days
    }

    private static func checkEmail(_ email: String?) throws -> String? {
        guard let e = try TextInput.cleanOptional(email, field: "email") else { return nil }
        guard e.contains("@"), !e.contains(where: \.isWhitespace) else {
            throw KithError.invalid("email", "must be an email address like ana@example.org, got \(quoted(e))")
        }
        return e
    }
}
