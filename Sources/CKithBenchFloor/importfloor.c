/* The floor of `kith import`: the fastest honest way to the same end state. The same entries
   (text, time, tags) go into the same schema with foreign keys on, through prepared
   statements in one transaction; the full-text index is built in one statement for the new
   rows (its per-row trigger taken out and put back inside the transaction); every step's
   result and the final counts are checked; the write-ahead log is checkpointed into the file
   at the end, as every Kith command does. What it does not do that Kith does: read and parse
   the jrnl file, validate and normalise each field, look for duplicates, log the change for
   undo, run plugins. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ckithbenchfloor.h"

/* Entry i of the generated journal: every 997th mentions a "needle" to search for. */
int ckith_bench_entry_text(long i, char *text, int size) {
    return snprintf(text, (size_t)size, "Entry %ld: went to group, talked with Ana, slept fine.%s", i,
                    i % 997 == 0 ? " needle" : "");
}

/* Its time: five minutes apart from 2016-01-01 (UTC), whole minutes as jrnl keeps them. */
long ckith_bench_entry_time(long i) { return 1451606400L + i * 300; }

static int fail(sqlite3 *db, const char *step, char *err, int errlen) {
    snprintf(err, (size_t)errlen, "%s: %s", step, db ? sqlite3_errmsg(db) : "cannot open");
    if (db) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close_v2(db);  /* closes once any statement left open is finalized */
    }
    return -1;
}

static sqlite3_int64 scalar(sqlite3 *db, const char *sql) {
    sqlite3_stmt *s;
    sqlite3_int64 v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

int ckith_bench_import_floor(const char *path, long first, long n, char *err, int errlen) {
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) return fail(db, "open", err, errlen);
    if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; BEGIN IMMEDIATE", NULL, NULL, NULL))
        return fail(db, "begin", err, errlen);
    sqlite3_int64 entries_before = scalar(db, "SELECT count(*) FROM journal_entry");
    sqlite3_int64 tags_before = scalar(db, "SELECT count(*) FROM journal_tag");
    sqlite3_int64 last_before = scalar(db, "SELECT coalesce(max(id), 0) FROM journal_entry");
    char trigger[512] = "";
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'journal_fts_insert'",
                           -1, &s, NULL) || sqlite3_step(s) != SQLITE_ROW)
        return fail(db, "the index trigger", err, errlen);
    snprintf(trigger, sizeof trigger, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (sqlite3_exec(db, "DROP TRIGGER journal_fts_insert", NULL, NULL, NULL)) return fail(db, "drop trigger", err, errlen);

    sqlite3_stmt *entry, *tag;
    if (sqlite3_prepare_v2(db, "INSERT INTO journal_entry (at, mood, text) VALUES (?, NULL, ?)", -1, &entry, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO journal_tag (entry_id, tag) VALUES (?, ?)", -1, &tag, NULL))
        return fail(db, "prepare", err, errlen);
    long tags = 0;
    char at[32], text[128];
    for (long i = first; i < first + n; i++) {
        time_t t = (time_t)ckith_bench_entry_time(i);
        struct tm tm;
        gmtime_r(&t, &tm);
        size_t at_length = strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        int text_length = ckith_bench_entry_text(i, text, sizeof text);
        sqlite3_bind_text(entry, 1, at, (int)at_length, SQLITE_STATIC);
        sqlite3_bind_text(entry, 2, text, text_length, SQLITE_STATIC);
        if (sqlite3_step(entry) != SQLITE_DONE) return fail(db, "insert entry", err, errlen);
        sqlite3_reset(entry);
        sqlite3_int64 id = sqlite3_last_insert_rowid(db);
        for (int k = 0; k < (i % 3 == 0 ? 2 : 1); k++) {
            sqlite3_bind_int64(tag, 1, id);
            sqlite3_bind_text(tag, 2, k == 0 ? "group" : "work", -1, SQLITE_STATIC);
            if (sqlite3_step(tag) != SQLITE_DONE) return fail(db, "insert tag", err, errlen);
            sqlite3_reset(tag);
            tags++;
        }
    }
    sqlite3_finalize(entry);
    sqlite3_finalize(tag);

    char index[160];
    snprintf(index, sizeof index,
             "INSERT INTO journal_fts(rowid, text) SELECT id, text FROM journal_entry WHERE id > %lld",
             (long long)last_before);
    if (sqlite3_exec(db, index, NULL, NULL, NULL)) return fail(db, "index", err, errlen);
    if (sqlite3_exec(db, trigger, NULL, NULL, NULL)) return fail(db, "put the trigger back", err, errlen);
    if (scalar(db, "SELECT count(*) FROM journal_entry") != entries_before + n ||
        scalar(db, "SELECT count(*) FROM journal_tag") != tags_before + tags) {
        snprintf(err, (size_t)errlen, "counts after the import are wrong");
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(db);
        return -1;
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) return fail(db, "commit", err, errlen);
    if (sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
        return fail(db, "checkpoint", err, errlen);
    return sqlite3_close(db) == SQLITE_OK ? 0 : fail(NULL, "close", err, errlen);
}

/* FTS5's own check that the index matches the journal's text. */
int ckith_bench_fts_check(const char *path, char *err, int errlen) {
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) return fail(db, "open", err, errlen);
    if (sqlite3_exec(db, "INSERT INTO journal_fts(journal_fts) VALUES ('integrity-check')", NULL, NULL, NULL))
        return fail(db, "the full-text index", err, errlen);
    sqlite3_close(db);
    return 0;
}
