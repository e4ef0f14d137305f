#ifndef CKITH_BENCH_FLOOR_H
#define CKITH_BENCH_FLOOR_H
/* The floors Kith's benchmarks are measured against (kith-bench only, never in Kith itself):
   the same work done the fastest honest way, in C against the Lua and SQLite C APIs. */
#include <lua.h>

/* Registers the floors (c_weekday, c_noop, c_journal_each) as
   globals, and fills a store's journal with generated rows through raw SQL. */
void ckith_register_benchmark_floor(lua_State *L);
int ckith_bench_fill_journal(const char *path, long n);
int ckith_bench_raw_insert(const char *path, long n);
lua_State *ckith_bench_stock_state(void);
double ckith_bench_time_chunk(lua_State *L, const char *code);
void ckith_bench_close(lua_State *L);
#endif
