/* The state: accounting allocator, host-call trampoline, protected calls, text-only load. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "context.h"

static void *account_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    ckith_ctx *ctx = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        ctx->used -= old;
        return NULL;
    }
    /* Refuse growth past the cap only while Lua code runs; Lua turns NULL into a memory error. */
    if (ctx->enforced && nsize > old && ctx->used - old + nsize > ctx->limit) return NULL;
    void *block = realloc(ptr, nsize);
    if (block) ctx->used = ctx->used - old + nsize;
    return block;
}

static int at_panic(lua_State *L) {
    /* Unreachable when every entry goes through ckith_pcall; say so loudly if it happens. */
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "kith: unprotected Lua error (a bug in Kith): %s\n", msg ? msg : "?");
    abort();
}

static void on_warning(void *ud, const char *msg, int tocont) {
    ckith_ctx *ctx = ud;
    (void)tocont;
    if (ctx->output && msg[0] != '@') ctx->output(ctx->owner, 1, msg, strlen(msg));
}

lua_State *ckith_newstate(size_t memory_limit, void *owner, ckith_dispatch_fn dispatch, ckith_output_fn output) {
    ckith_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) return NULL;
    ctx->limit = memory_limit;
    ctx->owner = owner;
    ctx->dispatch = dispatch;
    ctx->output = output;
    lua_State *L = lua_newstate(account_alloc, ctx);
    if (!L) { free(ctx); return NULL; }
    *(ckith_ctx **)lua_getextraspace(L) = ctx;
    ctx->main = L;
    atomic_store(&ctx->running, L);
    lua_atpanic(L, at_panic);
    lua_setwarnf(L, on_warning, ctx);
    return L;
}

void ckith_bind_owner(lua_State *L, void *owner, const char *name) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    ctx->owner = owner;
    snprintf(ctx->who, sizeof ctx->who, "%s", name ? name : "lua");
}

static int collect_all(lua_State *L) {
    lua_gc(L, LUA_GCCOLLECT);
    return 0;
}

void ckith_close(lua_State *L) {
    if (!L) return;
    ckith_ctx *ctx = ckith_ctx_of(L);
    /* Finalizers are Lua code: run them under a deadline, and keep the stop hook armed
       through lua_close so a finalizer loop errors out instead of hanging the exit. */
    ctx->enforced = 1;
    char who[sizeof ctx->who];
    memcpy(who, ctx->who, sizeof who);
    ckith_set_deadline(L, 1.0, who);
    lua_pushcfunction(L, collect_all);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) lua_pop(L, 1);
    ckith_arm_stop(L);
    ckith_watchdog_stop(ctx);
    lua_close(L);
    free(ctx);
}

/* One C function reaches every Swift host function. Upvalue 1 holds the function's index
   as a light userdata: one cheap read on the hottest path of the bridge. */
static int trampoline(lua_State *L) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    int index = (int)(intptr_t)lua_touserdata(L, lua_upvalueindex(1));
    int was = ctx->enforced;
    ctx->enforced = 0;  /* a push from Swift must never fail half way */
    int n = ctx->dispatch(L, ctx->owner, index);
    ctx->enforced = was;
    /* What Swift built for Lua counts too: checked once the push is done (two loads). */
    if (n >= 0 && (!was || ctx->used <= ctx->limit)) return n;
    if (n >= 0) {
        lua_pop(L, n);
        lua_gc(L, LUA_GCCOLLECT);
        lua_Debug ar;
        const char *name = lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.name ? ar.name : "?";
        lua_pushfstring(L, "the result of kith function '%s' would pass the memory limit of %d MiB; ask for less",
                        name, (int)(ctx->limit >> 20));
    }
    /* [.., message] -> raise "file:line: message" from this C frame */
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
    return lua_error(L);
}

void ckith_push_host_function(lua_State *L, int function_index, int extra_upvalues) {
    lua_pushlightuserdata(L, (void *)(intptr_t)function_index);  /* [extras.., index] */
    if (extra_upvalues > 0) lua_rotate(L, -(extra_upvalues + 1), 1);  /* [index, extras..] */
    lua_pushcclosure(L, trampoline, 1 + extra_upvalues);
}

static int readonly_newindex(lua_State *L) {
    /* Name a string key; any other key by its type only (never "table: 0x..."). */
    if (lua_type(L, 2) == LUA_TSTRING) return luaL_error(L, "the kith tables are read-only (tried to set '%s')", lua_tostring(L, 2));
    return luaL_error(L, "the kith tables are read-only (tried to set a %s key)", luaL_typename(L, 2));
}

/* Our own `next` over the table in upvalue 1, so that pairs over a proxy neither depends on a
   global a script may replace nor hands the script the table itself (which it could change). */
static int readonly_next(lua_State *L) {
    lua_settop(L, 2);                          /* [state, key] */
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    lua_pushnil(L);
    return 1;
}

/* A proxy is a userdata whose one user value is the table it shows; every proxy shares one
   metatable (READONLY_MT), made once per state. */
#define READONLY_MT "kith.readonly"

static int readonly_index(lua_State *L) {
    lua_getiuservalue(L, 1, 1);                /* [proxy, key, table] */
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);                         /* [proxy, key, table, value] */
    return 1;
}

static int readonly_pairs(lua_State *L) {
    lua_getiuservalue(L, 1, 1);                /* [proxy, table] */
    lua_pushcclosure(L, readonly_next, 1);     /* [proxy, next] */
    lua_pushvalue(L, 1);                       /* [proxy, next, proxy] */
    lua_pushnil(L);                            /* [proxy, next, proxy, nil] */
    return 3;
}

static int readonly_len(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int readonly_tostring(lua_State *L) {
    lua_pushstring(L, "kith (read-only)");
    return 1;
}

static int make_readonly(lua_State *L) {
    /* [table] -> [proxy] */
    static const luaL_Reg metamethods[] = {
        {"__index", readonly_index}, {"__newindex", readonly_newindex}, {"__pairs", readonly_pairs},
        {"__len", readonly_len}, {"__tostring", readonly_tostring}, {NULL, NULL}
    };
    lua_newuserdatauv(L, 0, 1);                /* [table, proxy] */
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    if (luaL_newmetatable(L, READONLY_MT)) {   /* [table, proxy, mt], new the first time only */
        luaL_setfuncs(L, metamethods, 0);
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
        lua_pushnil(L);                        /* no __name: messages say "userdata", as before */
        lua_setfield(L, -2, "__name");
    }
    lua_setmetatable(L, -2);                   /* [table, proxy] */
    return 1;
}

void ckith_make_readonly(lua_State *L) {
    /* Run under pcall: setting fields can only fail on memory, which must not longjmp into Swift. */
    lua_pushcfunction(L, make_readonly);       /* [table, fn] */
    lua_insert(L, -2);                         /* [fn, table] */
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {     /* [proxy] or [message] */
        lua_pop(L, 1);
        lua_newtable(L);
    }
}

int ckith_load_text(lua_State *L, const char *text, size_t length, const char *chunkname) {
    return luaL_loadbufferx(L, text, length, chunkname, "t");
}

static int traceback_handler(lua_State *L) {
    if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
        /* A non-string error: use __tostring if it has one; never show "table: 0x...". */
        if (!(luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING))
            lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    } else {
        lua_pushvalue(L, 1);
        lua_tostring(L, -1);
    }
    /* [.., message]: joined as Lua strings, so a NUL in the message does not cut it short */
    lua_pushliteral(L, "\n");
    luaL_traceback(L, L, NULL, 1);
    lua_concat(L, 3);
    return 1;
}

int ckith_pcall(lua_State *L, int nargs, int nresults) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    int base = lua_gettop(L) - nargs;          /* the function's slot */
    lua_pushcfunction(L, traceback_handler);
    lua_insert(L, base);
    int was = ctx->enforced;
    ctx->enforced = 1;
    int status = lua_pcall(L, nargs, nresults, base);
    ctx->enforced = was;
    lua_remove(L, base);
    return status;
}

size_t ckith_memory_used(lua_State *L) { return ckith_ctx_of(L)->used; }
size_t ckith_memory_limit(lua_State *L) { return ckith_ctx_of(L)->limit; }
int ckith_set_memory_enforced(lua_State *L, int enforced) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    int was = ctx->enforced;
    ctx->enforced = enforced;
    return was;
}

const char *ckith_rawstring(lua_State *L, int index, size_t *length) {
    if (lua_type(L, index) != LUA_TSTRING) return NULL;
    return lua_tolstring(L, index, length);
}

int ckith_upvalueindex(int i) { return lua_upvalueindex(i); }
int ckith_registryindex(void) { return LUA_REGISTRYINDEX; }
void ckith_pop(lua_State *L, int n) { lua_pop(L, n); }
void ckith_newtable(lua_State *L) { lua_newtable(L); }
int ckith_isnoneornil(lua_State *L, int index) { return lua_isnoneornil(L, index); }
lua_Integer ckith_tointeger(lua_State *L, int index, int *isnum) { return lua_tointegerx(L, index, isnum); }
lua_Number ckith_tonumber(lua_State *L, int index, int *isnum) { return lua_tonumberx(L, index, isnum); }
