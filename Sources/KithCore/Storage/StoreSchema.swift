import GRDB

/// The store's migrations. Append-only: a migration that has shipped is never edited;
/// changes arrive as new migrations with new names.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-network-and-journal") { db in
            try db.execute(
                sql: """
                    CREATE TABLE person (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE,
                      type TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      provides TEXT NOT NULL DEFAULT '',
                      circle TEXT NOT NULL,
                      cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days > 0),
                      phone TEXT,
                      email TEXT,
                      notes TEXT,
                      crisis INTEGER NOT NULL DEFAULT 0,
                      archived INTEGER NOT NULL DEFAULT 0,
                      created_at TEXT NOT NULL
                    );
                    CREATE TABLE interaction (
                      id INTEGER PRIMARY KEY,
                      person_id INTEGER NOT NULL REFERENCES person(id),
                      at TEXT NOT NULL,
                      channel TEXT NOT NULL,
                      received TEXT NOT NULL DEFAULT '',
                      gave TEXT NOT NULL DEFAULT '',
                      helpfulness INTEGER CHECK (helpfulness IS NULL OR helpfulness BETWEEN 1 AND 5),
                      note TEXT
                    );
                    CREATE INDEX interaction_by_person ON interaction(person_id, at);
                    CREATE INDEX interaction_by_time ON interaction(at);
                    CREATE TABLE journal_entry (
                      id INTEGER PRIMARY KEY,
                      at TEXT NOT NULL,
                      mood INTEGER CHECK (mood IS NULL OR mood BETWEEN 1 AND 5),
                      text TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX journal_entry_by_time ON journal_entry(at, id);
                    CREATE TABLE journal_tag (
                      entry_id INTEGER NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
                      tag TEXT NOT NULL,
                      PRIMARY KEY (entry_id, tag)
                    ) WITHOUT ROWID;
                    CREATE INDEX journal_tag_by_tag ON journal_tag(tag);
                    CREATE TABLE journal_metric (
                      entry_id INTEGER NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
                      metric TEXT NOT NULL,
                      value TEXT NOT NULL,
                      PRIMARY KEY (entry_id, metric)
                    ) WITHOUT ROWID;
                    CREATE TABLE journal_person (
                      entry_id INTEGER NOT NULL REFERENCES journal_entry(id) ON DELETE CASCADE,
                      person_id INTEGER NOT NULL REFERENCES person(id),
                      PRIMARY KEY (entry_id, person_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX journal_person_by_person ON journal_person(person_id);
                    CREATE VIRTUAL TABLE journal_fts USING fts5(text, content='journal_entry', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                    CREATE TRIGGER journal_fts_insert AFTER INSERT ON journal_entry BEGIN
                      INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text);
                    END;
                    CREATE TRIGGER journal_fts_delete AFTER DELETE ON journal_entry BEGIN
                      INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.id, old.text);
                    END;
                    CREATE TRIGGER journal_fts_update AFTER UPDATE OF text ON journal_entry BEGIN
                      INSERT INTO journal_fts(journal_fts, rowid, text) VALUES ('delete', old.id, old.text);
                      INSERT INTO journal_fts(rowid, text) VALUES (new.id, new.text);
                    END;
                    CREATE TABLE plugin_data (
                      owner TEXT NOT NULL,
                      key TEXT NOT NULL,
                      value TEXT NOT NULL,
                      PRIMARY KEY (owner, key)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("v2-schedule-and-reminders") { db in
            try db.execute(
                sql: """
                    CREATE TABLE schedule_event (
                      id INTEGER PRIMARY KEY,
                      title TEXT NOT NULL,
                      person_id INTEGER REFERENCES person(id),
                      starts TEXT NOT NULL,
                      time_zone TEXT NOT NULL,
                      duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
                      freq TEXT,
                      interval INTEGER,
                      byday TEXT,
                      until TEXT,
                      count INTEGER,
                      remind_minutes_before INTEGER CHECK (remind_minutes_before IS NULL OR remind_minutes_before >= 0),
                      created_at TEXT NOT NULL
                    );
                    CREATE TABLE reminder_state (
                      source TEXT NOT NULL,
                      key TEXT NOT NULL,
                      status TEXT NOT NULL CHECK (status IN ('done', 'snoozed')),
                      until TEXT,
                      updated_at TEXT NOT NULL,
                      PRIMARY KEY (source, key)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("v3-assessments-and-safety-plan") { db in
            try db.execute(
                sql: """
                    CREATE TABLE assessment_result (
                      id INTEGER PRIMARY KEY,
                      assessment TEXT NOT NULL,
                      version TEXT NOT NULL,
                      at TEXT NOT NULL,
                      answers TEXT NOT NULL,
                      total REAL NOT NULL,
                      band TEXT,
                      flags TEXT NOT NULL DEFAULT '[]',
                      subscales TEXT NOT NULL DEFAULT '{}'
                    );
                    CREATE INDEX assessment_result_by_time ON assessment_result(assessment, at);
                    CREATE TABLE safety_plan_item (
                      id INTEGER PRIMARY KEY,
                      section TEXT NOT NULL,
                      position INTEGER NOT NULL,
                      text TEXT NOT NULL DEFAULT '',
                      person_id INTEGER REFERENCES person(id)
                    );
                    CREATE INDEX safety_plan_by_section ON safety_plan_item(section, position);
                    """)
        }
        m.registerMigration("v4-assessment-scorer") { db in
            // Which plugin, at which version, scored each result: a clinic can trust the number;
            // and what a risk answer said, so that it leads to help until marked done.
            try db.execute(
                sql: """
                    ALTER TABLE assessment_result ADD COLUMN scored_by TEXT;
                    ALTER TABLE assessment_result ADD COLUMN scorer_version TEXT;
                    ALTER TABLE assessment_result ADD COLUMN risk TEXT;
                    ALTER TABLE assessment_result ADD COLUMN settings TEXT;
                    """)
        }
        m.registerMigration("v5-store-identity") { db in
            // A random identity per store, made once: what exports to a clinic are keyed by, so
            // two people's stores never collide and a backup of one keeps its identity.
            try db.execute(
                sql: """
                    CREATE TABLE store_info (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    INSERT INTO store_info (key, value) VALUES ('id', lower(hex(randomblob(16))));
                    """)
        }
        m.registerMigration("v6-change-log") { db in
            // Undo and history: every later write is one change, its rows recorded by triggers.
            try ChangeLog.create(db)
        }
        m.registerMigration("v7-person-name-key") { db in
            // The name as people compare it (case, accents and spaces ignored), indexed, so a
            // near-duplicate is found without reading everyone. Swift folds it: SQLite cannot.
            try db.execute(sql: "ALTER TABLE person ADD COLUMN name_key TEXT NOT NULL DEFAULT ''")
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM person") {
                try db.execute(
                    sql: "UPDATE person SET name_key = ? WHERE id = ?",
                    arguments: [KithStore.foldedName(row["name"]), row["id"] as Int64])
            }
            try db.execute(sql: "CREATE INDEX person_by_name_key ON person(name_key)")
            try ChangeLog.installTriggers(db)  // the log's triggers copy every column, the new one too
        }
        m.registerMigration("v8-skipped-occurrences-and-snooze-titles") { db in
            // A skipped occurrence is its local date in the event's zone, so editing the event's
            // time keeps the skip. A snooze keeps the reminder's title, to list it later.
            try db.execute(
                sql: """
                    CREATE TABLE schedule_skip (
                      event_id INTEGER NOT NULL REFERENCES schedule_event(id) ON DELETE CASCADE,
                      day TEXT NOT NULL,
                      PRIMARY KEY (event_id, day)
                    ) WITHOUT ROWID;
                    ALTER TABLE reminder_state ADD COLUMN title TEXT;
                    """)
            try ChangeLog.installTriggers(db)
        }
        m.registerMigration("v9-change-cause") { db in
            // v6 once shipped without `cause` (added to it later, which no shipped migration may
            // be): a store made then refused every write. Add it where it is missing.
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('change_log')")
            if !columns.contains("cause") { try db.execute(sql: "ALTER TABLE change_log ADD COLUMN cause INTEGER") }
        }
        m.registerMigration("v10-sync") { db in
            // Sync (SyncSchema): each record's global id and per-field stamps, kept out of the
            // change log; and the other versions of a journal text edited on two devices.
            try SyncSchema.create(db)
            try ChangeLog.installTriggers(db)
        }
        return m
    }
}
