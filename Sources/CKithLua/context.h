#ifndef CKITH_CONTEXT_H
#define CKITH_CONTEXT_H
/* Per-state bookkeeping, kept as the allocator's user data so every C function can reach
   it from a lua_State with lua_getallocf. */
#include <pthread.h>
#include <stdatomic.h>
#include "ckithlua.h"

typedef struct ckith_ctx {
    /* memory */
    size_t used;
    size_t limit;
    int enforced;
    /* host */
    void *owner;
    ckith_dispatch_fn dispatch;
    ckith_output_fn output;
    lua_State *main;
    _Atomic(lua_State *) running;   /* the thread running now (main or a coroutine) */
    /* deadline: guarded by the watchdog's lock (watchdog.c), read by its thread */
    struct ckith_ctx *next_watched; /* the watchdog's list of states */
    int watched;
    double deadline;                /* CLOCK_MONOTONIC seconds; 0 = none */
    double timeout;                 /* the limit as given, for messages */
    int fired;                      /* the stop hook is armed for this call */
    double grace_until;             /* after this, a state stuck in C code ends the process */
    int reported;                   /* the stuck handler was told of this call (no exit) */
    atomic_int passed;              /* 1 once the deadline passed for this call */
    char who[128];
} ckith_ctx;

/* The context pointer lives in the state's extra space (copied into every coroutine), so
   reaching it is one load; inline here, so that no unit calls back into state.c for it. */
static inline ckith_ctx *ckith_ctx_of(lua_State *L) {
    return *(ckith_ctx **)lua_getextraspace(L);
}
void ckith_arm_stop(lua_State *thread);
void ckith_watchdog_stop(ckith_ctx *ctx);
int ckith_open_pattern_guard(lua_State *L, int string_table);
/* Replaces table.sort with a copy that looks at the deadline (sort.c). */
int ckith_open_table_guard(lua_State *L, int table_table);
/* Raises the "time limit of N s reached" error if this call's deadline has passed
   (patterns.c); for C loops that no hook can interrupt. */
void ckith_check_deadline(lua_State *L);
#endif
