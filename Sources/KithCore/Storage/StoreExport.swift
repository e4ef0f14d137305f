import Foundation
import GRDB

/// The whole store as one JSON document (`kith export`), read back by `kith import` into an
/// empty store. Keys are sorted and ids kept, so export -> import -> export is byte-identical.
public struct StoreExport: Codable, Equatable, Sendable {
    /// Always "kith-export".
    public var format = "kith-export"
    /// Version of this document's layout.
    public var version = 1
    /// Everyone in the network, archived included.
    public var people: [Person]
    /// Every interaction.
    public var interactions: [Interaction]
    /// Every journal entry.
    public var journal: [JournalEntry]
    /// Every key plugins and scripts stored.
    public var pluginData: [PluginDatum]
    /// Every schedule event.
    public var schedule: [ScheduleEvent] = []
    /// Reminders marked done or snoozed.
    public var reminderState: [ReminderState] = []
    /// Every assessment result.
    public var assessmentResults: [AssessmentResult] = []
    /// The safety plan's items: step, position, text, person id.
    public var safetyPlan: [SafetyPlanRow] = []
    /// The store's random identity (nil in exports from before Kith kept one).
    public var storeId: String?

    /// One safety plan item as stored.
    public struct SafetyPlanRow: Codable, Equatable, Sendable {
        public var section: String
        public var position: Int
        public var text: String
        public var personId: Int64?

        enum CodingKeys: String, CodingKey { case section, position, text, personId = "person_id" }
    }

    /// A reminder marked done or snoozed.
    public struct ReminderState: Codable, Equatable, Sendable {
        public var source: String
        public var key: String
        /// `done` or `snoozed`.
        public var status: String
        /// The snooze's end (a date).
        public var until: String?
        /// When it was set.
        public var updatedAt: String
        /// The reminder's title then.
        public var title: String?

        enum CodingKeys: String, CodingKey { case source, key, status, until, updatedAt = "updated_at", title }
    }

    /// One key of a plugin's or script's storage.
    public struct PluginDatum: Codable, Equatable, Sendable {
        /// A plugin id, or `script:NAME`.
        public var owner: String
        /// The key.
        public var key: String
        /// The stored JSON text.
        public var value: String

        /// Creates a datum.
        public init(owner: String, key: String, value: String) {
            self.owner = owner
            self.key = key
            self.value = value
        }
    }

    /// Creates a document.
    public init(people: [Person], interactions: [Interaction], journal: [JournalEntry], pluginData: [PluginDatum]) {
        self.people = people
        self.interactions = interactions
        self.journal = journal
        self.pluginData = pluginData
    }

    enum CodingKeys: String, CodingKey {
        case format, version, people, interactions, journal, pluginData = "plugin_data", schedule, reminderState =
            "reminder_state",
            assessmentResults = "assessment_results", safetyPlan = "safety_plan", storeId = "store_id"
    }

    /// Decodes a document; files from before the schedule existed have no schedule keys.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        version = try c.decode(Int.self, forKey: .version)
        people = try c.decode([Person].self, forKey: .people)
        interactions = try c.decode([Interaction].self, forKey: .interactions)
        journal = try c.decode([JournalEntry].self, forKey: .journal)
        pluginData = try c.decode([PluginDatum].self, forKey: .pluginData)
        schedule = try c.decodeIfPresent([ScheduleEvent].self, forKey: .schedule) ?? []
        reminderState = try c.decodeIfPresent([ReminderState].self, forKey: .reminderState) ?? []
        assessmentResults = try c.decodeIfPresent([AssessmentResult].self, forKey: .assessmentResults) ?? []
        safetyPlan = try c.decodeIfPresent([SafetyPlanRow].self, forKey: .safetyPlan) ?? []
        storeId = try c.decodeIfPresent(String.self, forKey: .storeId)
    }

    /// Serialises the document: sorted keys, two-space indentation, trailing newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// Parses a document, explaining what is wrong with a malformed one.
    public static func decode(_ data: Data, file: String) throws -> StoreExport {
        do {
            let doc = try JSONDecoder().decode(StoreExport.self, from: data)
            guard doc.format == "kith-export" else {
                throw KithError.invalid("format", "of \(file) must be \"kith-export\", got \(quoted(doc.format))")
            }
            guard doc.version == 1 else {
                throw KithError.invalid(
                    "version", "of \(file) is \(doc.version); this Kith reads version 1. Upgrade Kith to import it")
            }
            return doc
        } catch let error as DecodingError {
            throw KithError(.invalidInput, "\(file) is not a Kith export: \(describe(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
                in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case .dataCorrupted(let c):
            let underlying = (c.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return
                "\(c.debugDescription)\(underlying.map { " (\($0))" } ?? "")\(c.codingPath.isEmpty ? "" : " at \(path(c.codingPath))")"
        case .keyNotFound(let key, let c): return "missing '\(key.stringValue)' at \(path(c.codingPath + [key]))"
        case .typeMismatch(let type, let c): return "expected \(type) at \(path(c.codingPath))"
        case .valueNotFound(let type, let c): return "missing \(type) at \(path(c.codingPath))"
        @unknown default: return "\(error)"
        }
    }
}

extension StoreExport {
    /// "3 people, 1 interaction and 12 journal entries".
    public var countsText: String {
        Plural.count(people.count, "person", "people") + ", " + Plural.count(interactions.count, "interaction")
            + " and " + Plural.count(journal.count, "journal entry", "journal entries")
    }
}

extension KithStore {
    /// The whole store as an export document.
    public func exportDocument() throws -> StoreExport {
        try read { db in
            let people = try Person.fetchAll(db, sql: Person.selectWithLastInteraction + " ORDER BY id")
            let interactions = try Interaction.fetchAll(db, sql: "SELECT * FROM interaction ORDER BY id")
            let journal = try Self.fetchEntries(
                db, sql: "SELECT id, at, mood, text FROM journal_entry ORDER BY id", arguments: [])
            let data = try Row.fetchAll(db, sql: "SELECT owner, key, value FROM plugin_data ORDER BY owner, key").map {
                StoreExport.PluginDatum(owner: $0[0], key: $0[1], value: $0[2])
            }
            var doc = StoreExport(people: people, interactions: interactions, journal: journal, pluginData: data)
            doc.schedule = try Self.scheduleEvents(db, order: "id")
            doc.reminderState = try Row.fetchAll(db, sql: "SELECT * FROM reminder_state ORDER BY source, key").map {
                row in
                StoreExport.ReminderState(
                    source: row["source"] as String, key: row["key"] as String, status: row["status"] as String,
                    until: row["until"] as String?, updatedAt: row["updated_at"] as String,
                    title: String.fromDatabaseValue(row["title"] as DatabaseValue))
            }
            doc.assessmentResults = try Row.fetchAll(db, sql: "SELECT * FROM assessment_result ORDER BY id").map(
                Self.result)
            doc.safetyPlan = try Row.fetchAll(
                db, sql: "SELECT section, position, text, person_id FROM safety_plan_item ORDER BY id"
            ).map { row in
                StoreExport.SafetyPlanRow(
                    section: row["section"] as String, position: row["position"] as Int, text: row["text"] as String,
                    personId: row["person_id"] as Int64?)
            }
            doc.storeId = try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'id'")
            return doc
        }
    }

    /// Reads an export into this store, which must be empty; all or nothing.
    /// Records are checked as on any write, except that support types and metrics unknown to
    /// this process (from a plugin not installed here) are kept as they are.
    public func importDocument(_ doc: StoreExport) throws {
        try write { db in
            let count =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM journal_entry) + (SELECT count(*) FROM plugin_data)
                          + (SELECT count(*) FROM schedule_event)
                        """) ?? 0
            guard count == 0 else {
                throw KithError(
                    .conflict,
                    "The store at \(path) already holds data; a Kith export is read into an empty store only. Use '--store NEW.sqlite' for a new one; nothing was imported."
                )
            }
            for (i, p) in doc.people.enumerated() {
                try Self.importCheck("people[\(i)]") {
                    guard !p.name.isEmpty else { throw KithError.invalid("name", "must not be empty") }
                    if let c = p.cadenceDays, c < 1 {
                        throw KithError.invalid("cadence_days", "must be positive, got \(c)")
                    }
                    try p.insert(db)
                }
            }
            for (i, x) in doc.interactions.enumerated() {
                try Self.importCheck("interactions[\(i)]") {
                    _ = try KithTime.parseInstant(x.at, field: "at")
                    try db.execute(
                        sql: """
                            INSERT INTO interaction (id, person_id, at, channel, received, gave, helpfulness, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            x.id, x.personId, x.at, x.channel.rawValue, Vocabulary.encode(x.received),
                            Vocabulary.encode(x.gave), x.helpfulness, x.note,
                        ])
                }
            }
            for (i, e) in doc.journal.enumerated() {
                try Self.importCheck("journal[\(i)]") {
                    _ = try KithTime.parseInstant(e.at, field: "at")
                    try db.execute(
                        sql: "INSERT INTO journal_entry (id, at, mood, text) VALUES (?, ?, ?, ?)",
                        arguments: [e.id, e.at, e.mood, e.text])
                    try Self.writeDetails(of: e, db: db)
                }
            }
            for (i, e) in doc.schedule.enumerated() {
                try Self.importCheck("schedule[\(i)]") {
                    _ = try KithTime.parseInstant(e.starts, field: "starts")
                    try ScheduleEvent.checkImported(e)
                    try e.insert(db)
                }
            }
            for (i, r) in doc.reminderState.enumerated() {
                try Self.importCheck("reminder_state[\(i)]") {
                    try db.execute(
                        sql:
                            "INSERT INTO reminder_state (source, key, status, until, updated_at, title) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [r.source, r.key, r.status, r.until, r.updatedAt, r.title])
                }
            }
            for (i, r) in doc.assessmentResults.enumerated() {
                try Self.importCheck("assessment_results[\(i)]") {
                    _ = try KithTime.parseInstant(r.at, field: "at")
                    // A total no questionnaire gives would make every chart of it meaningless.
                    try KithStore.checkTotal(r.total)
                    try db.execute(
                        sql: """
                            INSERT INTO assessment_result (id, assessment, version, at, answers, total, band, flags, subscales, scored_by, scorer_version, risk, settings)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            r.id, r.assessment, r.version, r.at, Self.json(r.answers), r.total, r.band,
                            Self.json(r.flags),
                            Self.json(r.subscales), r.scoredBy, r.scorerVersion, r.risk, r.settings.map(Self.json),
                        ])
                }
            }
            for (i, p) in doc.safetyPlan.enumerated() {
                try Self.importCheck("safety_plan[\(i)]") {
                    try db.execute(
                        sql: "INSERT INTO safety_plan_item (section, position, text, person_id) VALUES (?, ?, ?, ?)",
                        arguments: [p.section, p.position, p.text, p.personId])
                }
            }
            for (i, d) in doc.pluginData.enumerated() {
                try Self.importCheck("plugin_data[\(i)]") {
                    try db.execute(
                        sql: "INSERT INTO plugin_data (owner, key, value) VALUES (?, ?, ?)",
                        arguments: [d.owner, d.key, d.value])
                }
            }
            // The store becomes the exported one: same identity, so a clinic sees the same person.
            if let id = doc.storeId {
                guard id.count == 32, id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
                else {
                    throw KithError.invalid(
                        "store_id", "must be 32 lower-case hexadecimal digits; nothing was imported")
                }
                try db.execute(sql: "UPDATE store_info SET value = ? WHERE key = 'id'", arguments: [id])
            }
        }
        committed(.imported(summary: doc.countsText))
    }

    private static func importCheck(_ place: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as KithError {
            throw KithError(.invalidInput, "\(place): \(error.description); nothing was imported")
        } catch let error as DatabaseError {
            throw KithError(
                .invalidInput,
                "\(place) was refused by the store (\(error.message ?? "constraint failed")): a duplicate id, or a reference to a missing person; nothing was imported"
            )
        }
    }

    /// Copies the store to `destination` with SQLite's online backup: consistent even while
    /// other processes write. The copy is created with mode 0600.
    public func backup(to destination: String) throws {
        if FileManager.default.fileExists(atPath: destination) {
            throw KithError(
                .conflict, "\(destination) already exists; choose a new file name so no backup is overwritten.")
        }
        try StoreFile.prepare(destination)
        if let seal {
            // An encrypted store's backup is its sealed file as it stands: encrypted the same.
            try seal.exclusive {
                if let queue = writer as? DatabaseQueue { try seal.refresh(queue) }
                let file = try Data(contentsOf: URL(fileURLWithPath: path))
                try SealedStoreFile.replace(destination, with: file)
            }
            return
        }
        do {
            let target = try DatabaseQueue(path: destination)
            try writer.backup(to: target)
            try target.close()
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw StoreFile.explain(error, path: destination)
        }
    }
}

extension KithStore {
    /// The store's random identity, made when it was created and kept by backups, exports and
    /// imports: 32 hexadecimal digits.
    public func storeID() throws -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM store_info WHERE key = 'id'") } ?? ""
    }
}
