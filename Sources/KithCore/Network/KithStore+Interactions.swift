import GRDB

extension KithStore {
    /// Logs an interaction with someone in the network.
    public func logInteraction(_ new: NewInteraction) throws -> Interaction {
        if let h = new.helpfulness, !(1...5).contains(h) {
            throw KithError.invalid("helpfulness", "must be an integer from 1 to 5, got \(h)")
        }
        let at = try instant(new.at, field: "at")
        let note = try TextInput.cleanOptional(new.note, field: "note")
        let received = Array(Set(new.received)).sorted(), gave = Array(Set(new.gave)).sorted()
        let logged: Interaction = try write { db in
            let person = try Self.requirePerson(new.person, db: db)
            try db.cachedStatement(
                sql: """
                    INSERT INTO interaction (person_id, at, channel, received, gave, helpfulness, note)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                person.id, at, new.channel.rawValue, Vocabulary.encode(received),
                Vocabulary.encode(gave), new.helpfulness, note,
            ])
            return Interaction(
                id: db.lastInsertedRowID, personId: person.id, at: at, channel: new.channel,
                received: received, gave: gave, helpfulness: new.helpfulness, note: note)
        }
        committed(.interactionLogged(logged))
        return logged
    }

    /// Interactions matching `filter`, newest first.
    public func interactions(_ filter: InteractionFilter = InteractionFilter()) throws -> [Interaction] {
        try Self.checkLimit(filter.limit)
        let range = try TimeRange(since: filter.since, until: filter.until, clock: clock)
        return try read { db in
            let (bounds, boundArgs) = range.conditions("at")
            var conditions = bounds
            var values: [any DatabaseValueConvertible] = boundArgs
            if let ref = filter.person {
                let person = try Self.requirePerson(ref, db: db)
                conditions.append("person_id = ?")
                values.append(person.id)
            }
            var sql = "SELECT * FROM interaction"
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY at DESC, id DESC"
            if let limit = filter.limit { sql += " LIMIT \(limit)" }
            return try Interaction.fetchAll(db, sql: sql, arguments: StatementArguments(values))
        }
    }
}
