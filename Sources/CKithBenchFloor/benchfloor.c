/* Floors for the bridge benchmark (scripts/bench.sh): what the same work costs in plain C.
   Registered only by ckith_register_benchmark_floor, never in a sandbox Kith runs. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lauxlib.h>
#include <lualib.h>
#include "ckithbenchfloor.h"

/* The floor of a host call: a plain C function doing what kith.date.weekday does. */
static int floor_weekday(lua_State *L) {
    size_t n;
    const char *s = lua_tolstring(L, 1, &n);
    if (!s || n != 10) { lua_pushnil(L); return 1; }
    int y = (s[0]-'0')*1000 + (s[1]-'0')*100 + (s[2]-'0')*10 + (s[3]-'0');
    int m = (s[5]-'0')*10 + (s[6]-'0'), d = (s[8]-'0')*10 + (s[9]-'0');
    if (m <= 2) y -= 1;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468, w = (days + 3) % 7;
    lua_pushinteger(L, (w < 0 ? w + 7 : w) + 1);
    return 1;
}

/* The floor of kith.journal.each: a raw SQLite loop pushing the same entry tables. */
typedef struct {
    sqlite3 *db;
    sqlite3_stmt *entries, *tags, *metrics, *people;
} raw_cursor;

static void push_list(lua_State *L, sqlite3_stmt *stmt, sqlite3_int64 id, int as_integer) {
    sqlite3_bind_int64(stmt, 1, id);
    lua_newtable(L);
    lua_Integer i = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        if (as_integer) lua_pushinteger(L, sqlite3_column_int64(stmt, 0));
        else lua_pushlstring(L, (const char *)sqlite3_column_text(stmt, 0), (size_t)sqlite3_column_bytes(stmt, 0));
        lua_rawseti(L, -2, ++i);
    }
    sqlite3_reset(stmt);
}

static int raw_next(lua_State *L) {
    raw_cursor *c = lua_touserdata(L, lua_upvalueindex(1));
    if (!c->entries || sqlite3_step(c->entries) != SQLITE_ROW) return 0;
    sqlite3_int64 id = sqlite3_column_int64(c->entries, 0);
    lua_createtable(L, 0, 7);
    lua_pushinteger(L, id);
    lua_setfield(L, -2, "id");
    lua_pushlstring(L, (const char *)sqlite3_column_text(c->entries, 1), (size_t)sqlite3_column_bytes(c->entries, 1));
    lua_setfield(L, -2, "at");
    if (sqlite3_column_type(c->entries, 2) != SQLITE_NULL) {
        lua_pushinteger(L, sqlite3_column_int64(c->entries, 2));
        lua_setfield(L, -2, "mood");
    }
    lua_pushlstring(L, (const char *)sqlite3_column_text(c->entries, 3), (size_t)sqlite3_column_bytes(c->entries, 3));
    lua_setfield(L, -2, "text");
    push_list(L, c->tags, id, 0);
    lua_setfield(L, -2, "tags");
    sqlite3_bind_int64(c->metrics, 1, id);
    lua_newtable(L);
    while (sqlite3_step(c->metrics) == SQLITE_ROW) {
        const char *value = (const char *)sqlite3_column_text(c->metrics, 1);
        if (strchr(value, '.')) lua_pushnumber(L, atof(value)); else lua_pushinteger(L, atoll(value));
        lua_setfield(L, -2, (const char *)sqlite3_column_text(c->metrics, 0));
    }
    sqlite3_reset(c->metrics);
    lua_setfield(L, -2, "metrics");
    push_list(L, c->people, id, 1);
    lua_setfield(L, -2, "people");
    return 1;
}

static int raw_gc(lua_State *L) {
    raw_cursor *c = lua_touserdata(L, 1);
    sqlite3_finalize(c->entries);
    sqlite3_finalize(c->tags);
    sqlite3_finalize(c->metrics);
    sqlite3_finalize(c->people);
    sqlite3_close(c->db);
    memset(c, 0, sizeof *c);
    return 0;
}

static int floor_journal_each(lua_State *L) {
    const char *path = luaL_checkstring(L, 1);
    raw_cursor *c = lua_newuserdatauv(L, sizeof *c, 0);
    memset(c, 0, sizeof *c);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, raw_gc);
    lua_setfield(L, -2, "__gc");
    lua_setmetatable(L, -2);
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(c->db, "SELECT id, at, mood, text FROM journal_entry ORDER BY at, id", -1, &c->entries, NULL)
        || sqlite3_prepare_v2(c->db, "SELECT tag FROM journal_tag WHERE entry_id = ? ORDER BY tag", -1, &c->tags, NULL)
        || sqlite3_prepare_v2(c->db, "SELECT metric, value FROM journal_metric WHERE entry_id = ?", -1, &c->metrics, NULL)
        || sqlite3_prepare_v2(c->db, "SELECT person_id FROM journal_person WHERE entry_id = ? ORDER BY person_id", -1, &c->people, NULL))
        return luaL_error(L, "raw_journal_each: %s", sqlite3_errmsg(c->db));
    lua_pushcclosure(L, raw_next, 1);
    return 1;
}

static int floor_noop(lua_State *L) { (void)L; return 0; }

static int register_floor(lua_State *L) {
    lua_pushcfunction(L, floor_weekday);
    lua_setglobal(L, "c_weekday");
    lua_pushcfunction(L, floor_noop);
    lua_setglobal(L, "c_noop");
    lua_pushcfunction(L, floor_journal_each);
    lua_setglobal(L, "c_journal_each");
    return 0;
}

void ckith_register_benchmark_floor(lua_State *L) {
    lua_pushcfunction(L, register_floor);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) lua_pop(L, 1);
}

/* Fills a store's journal with n generated entries through raw SQL, for the benchmark. */
int ckith_bench_fill_journal(const char *path, long n) {
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) return -1;
    char sql[1200];
    snprintf(sql, sizeof sql,
        "PRAGMA synchronous = OFF; BEGIN;"
        "INSERT OR IGNORE INTO person (id, name, type, kind, provides, circle, created_at) VALUES (1, 'Ana', 'family', 'person', 'emotional', 'inner', '2016-01-01T00:00:00Z');"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld)"
        " INSERT INTO journal_entry (id, at, mood, text) SELECT i, strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 1451606400 + i * 300, 'unixepoch'),"
        " 1 + i %% 5, 'Entry ' || i || ': went to group, talked with Ana, slept fine.' FROM n;"
        "INSERT INTO journal_tag (entry_id, tag) SELECT id, 'group' FROM journal_entry;"
        "INSERT INTO journal_tag (entry_id, tag) SELECT id, 'work' FROM journal_entry WHERE id %% 3 = 0;"
        "INSERT INTO journal_metric (entry_id, metric, value) SELECT id, 'sleep_hours', '7.5' FROM journal_entry;"
        "INSERT INTO journal_metric (entry_id, metric, value) SELECT id, 'craving', CAST(id %% 10 AS TEXT) FROM journal_entry;"
        "INSERT INTO journal_person (entry_id, person_id) SELECT id, 1 FROM journal_entry WHERE id %% 2 = 0;"
        "COMMIT;", n);
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    if (err) { fprintf(stderr, "fill: %s\n", err); sqlite3_free(err); }
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The floor of the deadline-checking matcher and sort: a state with Lua's own, unchanged
   base, string and table libraries (as any embedding gets them). */
lua_State *ckith_bench_stock_state(void) {
    lua_State *L = luaL_newstate();
    if (!L) return NULL;
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    lua_settop(L, 0);
    return L;
}

/* Seconds to load and run `code` in L (a benchmark chunk); negative if it failed. */
double ckith_bench_time_chunk(lua_State *L, const char *code) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (luaL_loadstring(L, code) != LUA_OK || lua_pcall(L, 0, 0, 0) != LUA_OK) {
        fprintf(stderr, "bench chunk failed: %s\n", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

void ckith_bench_close(lua_State *L) { lua_close(L); }
