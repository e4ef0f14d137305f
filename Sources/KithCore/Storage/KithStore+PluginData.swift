import GRDB

extension KithStore {
    /// The JSON text stored under `key` for `owner` (a plugin id, or `script:NAME`), or nil.
    public func pluginValue(owner: String, key: String) throws -> String? {
        try read { db in
            try String.fetchOne(
                db, sql: "SELECT value FROM plugin_data WHERE owner = ? AND key = ?", arguments: [owner, key])
        }
    }

    /// Stores JSON text under `key` for `owner`; nil removes the key.
    public func setPluginValue(owner: String, key: String, json: String?) throws {
        let key = try TextInput.clean(key, field: "key", allowEmpty: false)
        if key.utf8.count > 256 { throw KithError.invalid("key", "must be at most 256 bytes long") }
        try write { db in
            if let json {
                // An upsert, not INSERT OR REPLACE: a replaced row must reach the change log as
                // an update with its old value, or undo would drop it instead of restoring it.
                try db.cachedStatement(
                    sql: """
                        INSERT INTO plugin_data (owner, key, value) VALUES (?, ?, ?) ON CONFLICT (owner, key) DO UPDATE SET value = excluded.value
                        """
                ).execute(arguments: [owner, key, json])
            } else {
                try db.cachedStatement(sql: "DELETE FROM plugin_data WHERE owner = ? AND key = ?").execute(arguments: [
                    owner, key,
                ])
            }
        }
        committed(.pluginDataSet(owner: owner, key: key))
    }
}
