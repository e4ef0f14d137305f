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

/* One watchdog thread for the whole process, however many states run: a command loads a
   state per plugin, and a thread each cost more than the plugins' own start-up. Arming a
   deadline wakes the thread only when it is earlier than the one it sleeps towards; clearing
   one never does (the thread wakes at the old time, finds nothing due and sleeps again). */
static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wd_wake;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static int wd_started;
static ckith_ctx *wd_states;     /* every state that ever armed a deadline and is still open */
static double wd_sleeping_until; /* 0: the thread waits for a signal */

static void wd_init(void) {
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&wd_wake, &attr);
    pthread_condattr_destroy(&attr);
}

/* The last line, which no known input reaches: every C path that can run long checks the
   deadline. An embedding front end may ask to be told instead (ckith_set_stuck_handler): the
   call then ends as a time-limit error whenever the C code returns. */
static ckith_stuck_fn stuck_handler;

void ckith_set_stuck_handler(ckith_stuck_fn handler) {
    pthread_mutex_lock(&wd_lock);
    stuck_handler = handler;
    pthread_mutex_unlock(&wd_lock);
}

static void stuck(ckith_ctx *ctx) {
    if (stuck_handler) {
        ctx->reported = 1;                     /* told once per call; nothing more to wait for */
        stuck_handler(ctx->who, GRACE_SECONDS + ctx->timeout);
        return;
    }
    char msg[400];
    int n = snprintf(msg, sizeof msg,
        "kith: [%s] did not stop %g s after its time limit of %g s; ending the process. "
        "Everything committed before is safe.\n", ctx->who, GRACE_SECONDS, ctx->timeout);
    if (n > 0) { ssize_t ignored = write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1); (void)ignored; }
    _exit(124);
}

static void *watch(void *unused) {
    (void)unused;
    pthread_mutex_lock(&wd_lock);
    for (;;) {
        double now = now_seconds(), next = 0;
        for (ckith_ctx *ctx = wd_states; ctx; ctx = ctx->next_watched) {
            if (ctx->deadline <= 0 || ctx->reported) continue;
            if (!ctx->fired && now >= ctx->deadline) {
                /* The deadline passed: stop the running thread and the main one. */
                ctx->fired = 1;
                ctx->grace_until = now + GRACE_SECONDS;
                atomic_store(&ctx->passed, 1);
                ckith_arm_stop(atomic_load(&ctx->running));
                ckith_arm_stop(ctx->main);
            } else if (ctx->fired && now >= ctx->grace_until) {
                stuck(ctx);
                if (ctx->reported) continue;   /* the front end was told; nothing left to wait for */
            }
            double due = ctx->fired ? ctx->grace_until : ctx->deadline;
            if (next == 0 || due < next) next = due;
        }
        wd_sleeping_until = next;
        if (next == 0) {
            pthread_cond_wait(&wd_wake, &wd_lock);
        } else {
            struct timespec ts = {(time_t)next, (long)((next - (double)(time_t)next) * 1e9)};
            pthread_cond_timedwait(&wd_wake, &wd_lock, &ts);
        }
    }
    return NULL;
}

void ckith_set_deadline(lua_State *L, double seconds, const char *who) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    pthread_once(&wd_once, wd_init);
    pthread_mutex_lock(&wd_lock);
    atomic_store(&ctx->passed, 0);
    ctx->fired = 0;
    ctx->reported = 0;
    snprintf(ctx->who, sizeof ctx->who, "%s", who ? who : "lua");
    ctx->timeout = seconds;
    ctx->deadline = seconds > 0 ? now_seconds() + seconds : 0;
    if (ctx->deadline > 0) {
        if (!ctx->watched) {
            ctx->next_watched = wd_states;
            wd_states = ctx;
            ctx->watched = 1;
        }
        if (!wd_started) {
            pthread_t thread;
            pthread_attr_t attr;
            pthread_attr_init(&attr);
            pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
            wd_started = pthread_create(&thread, &attr, watch, NULL) == 0;
            pthread_attr_destroy(&attr);
        }
        if (wd_sleeping_until == 0 || ctx->deadline < wd_sleeping_until) pthread_cond_signal(&wd_wake);
    }
    pthread_mutex_unlock(&wd_lock);
}

void ckith_clear_deadline(lua_State *L) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    pthread_mutex_lock(&wd_lock);
    ctx->deadline = 0;
    ctx->fired = 0;
    int passed = atomic_load(&ctx->passed);
    pthread_mutex_unlock(&wd_lock);
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
    pthread_mutex_lock(&wd_lock);
    for (ckith_ctx **link = &wd_states; *link; link = &(*link)->next_watched) {
        if (*link == ctx) {
            *link = ctx->next_watched;
            break;
        }
    }
    ctx->watched = 0;
    ctx->deadline = 0;
    pthread_mutex_unlock(&wd_lock);
}
