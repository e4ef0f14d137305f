#ifndef CKITH_BENCH_FLOOR_H
#define CKITH_BENCH_FLOOR_H
/* The floors Kith's benchmarks are measured against (kith-bench only, never in Kith itself):
   the same work done the fastest honest way, in C against the Lua and SQLite C APIs. */
#include <lua.h>

/* Registers the floors (c_weekday, c_noop, c_journal_each) as
   globals, and fills a store's journal with generated rows through raw SQL. */
void ckith_register_benchmark_floor(lua_State *L);
int ckith_bench_fill_journal(const char *path, long n);
/* importfloor.c: the floor of a bulk import (see there), and the generated entries both
   sides import. Each returns 0, or -1 with a message in err. */
int ckith_bench_import_floor(const char *path, long first, long n, char *err, int errlen);
int ckith_bench_entry_text(long i, char *text, int size);
long ckith_bench_entry_time(long i);
int ckith_bench_fts_check(const char *path, char *err, int errlen);
lua_State *ckith_bench_stock_state(void);
double ckith_bench_time_chunk(lua_State *L, const char *code);
void ckith_bench_close(lua_State *L);
#endif
