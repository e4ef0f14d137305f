/* CPU limits without a per-instruction hook in the common case: a watchdog thread waits
   for the deadline and only then arms a count hook (lua_sethook is safe to call from
   another thread, as lua.c does from its SIGINT handler). Once armed, the hook fires on
   every instruction, so a script's own pcall cannot swallow the stop for long. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <lauxlib.h>
#include "context.h"

/* How long Lua may stay unstoppable (inside C code such as a string match) after the
   deadline before the process ends: committed data is safe, every write is a transaction. */
#define GRACE_SECONDS 3.0

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    ckith_ctx *ctx = ckith_ctx_of(L);
    char seconds[32];
    snprintf(seconds, sizeof seconds, "%g", ctx->timeout);  /* lua_pushfstring has no %g */
    luaL_where(L, 0);                          /* inside a hook, level 0 is the running Lua function */
    lua_pushfstring(L, CKITH_TIMEOUT_TAG "%s s reached; the call was stopped", seconds);
    lua_concat(L, 2);
    lua_error(L);
}

void ckith_arm_stop(lua_State *thread) {
    lua_sethook(thread, stop_hook, LUA_MASKCOUNT, 1);
}

static void to_timespec(double t, struct timespec *ts) {
    /* pthread_cond_timedwait uses CLOCK_REALTIME by default: convert. */
    struct timespec real;
    clock_gettime(CLOCK_REALTIME, &real);
    double at = (double)real.tv_sec + (double)real.tv_nsec / 1e9 + (t - now_seconds());
    ts->tv_sec = (time_t)at;
    ts->tv_nsec = (long)((at - (double)ts->tv_sec) * 1e9);
}

static void *watch(void *arg) {
    ckith_ctx *ctx = arg;
    pthread_mutex_lock(&ctx->lock);
    while (!ctx->closing) {
        if (ctx->deadline <= 0) {
            pthread_cond_wait(&ctx->wake, &ctx->lock);
            continue;
        }
        unsigned long generation = ctx->generation;
        struct timespec ts;
        to_timespec(ctx->deadline, &ts);
        pthread_cond_timedwait(&ctx->wake, &ctx->lock, &ts);
        if (ctx->closing || generation != ctx->generation || ctx->deadline <= 0) continue;
        if (now_seconds() < ctx->deadline) continue;
        /* The deadline passed: stop the running thread and the main one. */
        atomic_store(&ctx->passed, 1);
        ckith_arm_stop(atomic_load(&ctx->running));
        ckith_arm_stop(ctx->main);
        to_timespec(now_seconds() + GRACE_SECONDS, &ts);
        while (!ctx->closing && generation == ctx->generation) {
            if (pthread_cond_timedwait(&ctx->wake, &ctx->lock, &ts) != 0) break;
        }
        if (!ctx->closing && generation == ctx->generation) {
            char msg[400];
            int n = snprintf(msg, sizeof msg,
                "kith: [%s] is stuck in C code %g s after its time limit of %g s (for example a string "
                "pattern that backtracks without end); ending the process. Everything committed before is safe.\n",
                ctx->who, GRACE_SECONDS, ctx->timeout);
            if (n > 0) { ssize_t ignored = write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1); (void)ignored; }
            _exit(124);
        }
    }
    pthread_mutex_unlock(&ctx->lock);
    return NULL;
}

void ckith_set_deadline(lua_State *L, double seconds, const char *who) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    pthread_mutex_lock(&ctx->lock);
    ctx->generation++;
    atomic_store(&ctx->passed, 0);
    snprintf(ctx->who, sizeof ctx->who, "%s", who ? who : "lua");
    ctx->timeout = seconds;
    ctx->deadline = seconds > 0 ? now_seconds() + seconds : 0;
    if (seconds > 0 && !ctx->watchdog_started) {
        ctx->watchdog_started = pthread_create(&ctx->watchdog, NULL, watch, ctx) == 0;
    }
    pthread_cond_signal(&ctx->wake);
    pthread_mutex_unlock(&ctx->lock);
}

void ckith_clear_deadline(lua_State *L) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    pthread_mutex_lock(&ctx->lock);
    ctx->generation++;
    ctx->deadline = 0;
    int passed = atomic_load(&ctx->passed);
    pthread_cond_signal(&ctx->wake);
    pthread_mutex_unlock(&ctx->lock);
    if (passed) {
        /* Disarm: the next call starts with no hook at all. */
        lua_sethook(ctx->main, NULL, 0, 0);
        lua_State *running = atomic_load(&ctx->running);
        if (running != ctx->main) lua_sethook(running, NULL, 0, 0);
        atomic_store(&ctx->running, ctx->main);
        atomic_store(&ctx->passed, 0);
    }
}

int ckith_deadline_passed(lua_State *L) { return atomic_load(&ckith_ctx_of(L)->passed); }

void ckith_watchdog_stop(ckith_ctx *ctx) {
    pthread_mutex_lock(&ctx->lock);
    ctx->closing = 1;
    pthread_cond_signal(&ctx->wake);
    pthread_mutex_unlock(&ctx->lock);
    if (ctx->watchdog_started) pthread_join(ctx->watchdog, NULL);
    ctx->watchdog_started = 0;
}
