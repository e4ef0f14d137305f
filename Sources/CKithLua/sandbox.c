/* The sandbox: a whitelist of the standard library (docs/lua-api.md section 5), never
   luaL_openlibs. CVE-2022-0543 (Redis on Debian) was an exposed `package` library. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "context.h"

static const char *const base_allowed[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget", "rawlen", "rawset",
    "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION", "_G",
    "string", "table", "math", "utf8", "coroutine", NULL,
};

static int allowed(const char *name, const char *const *list) {
    for (; *list; list++) if (strcmp(name, *list) == 0) return 1;
    return 0;
}

/* print: tostring each value (metamethods run here, in C), then hand the line to the host. */
static int sandbox_print(lua_State *L) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1) luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    if (ctx->output) ctx->output(ctx->owner, 0, text, len);
    return 0;
}

static int sandbox_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage: only \"count\" is available in Kith's sandbox, got \"%s\"", opt);
    int kb = lua_gc(L, LUA_GCCOUNT), rest = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)kb + (lua_Number)rest / 1024.0);
    return 1;
}

/* The largest chunk load compiles and module require reads (the same cap as a plugin's
   init.lua): Lua's parser is C that no hook interrupts (8 MiB parse in well under a second),
   and require's read is plain malloc, outside the state's accounting. */
#define MAX_MODULE_BYTES (8 << 20)

/* load: text only; without an env it binds this state's sandboxed globals. */
static int sandbox_load(lua_State *L) {
    const char *mode = luaL_optstring(L, 3, "t");
    if (strchr(mode, 'b') != NULL) {
        luaL_pushfail(L);
        lua_pushliteral(L, "load: binary chunks are not allowed in Kith (mode must be \"t\")");
        return 2;
    }
    if (lua_type(L, 1) == LUA_TSTRING && lua_rawlen(L, 1) > MAX_MODULE_BYTES) {
        luaL_pushfail(L);
        lua_pushliteral(L, "load: chunks larger than 8 MiB are not compiled in Kith");
        return 2;
    }
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));     /* [args.., load] */
    lua_pushvalue(L, 1);
    if (n >= 2) lua_pushvalue(L, 2); else lua_pushnil(L);
    lua_pushliteral(L, "t");
    if (n >= 4) lua_pushvalue(L, 4);           /* [args.., load, chunk, name, "t", env?] */
    lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
    return lua_gettop(L) - n;
}

static int valid_module_name(const char *name) {
    if (!*name || *name == '.') return 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (c == '.') { if (p[1] == '.' || p[1] == '\0') return 0; ok = 1; }
        if (!ok) return 0;
    }
    return 1;
}

/* Reads root/relative if it resolves to a regular file inside root; NULL otherwise. */
static char *read_inside(const char *root, const char *relative, size_t *length) {
    char path[PATH_MAX], real[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", root, relative) >= (int)sizeof path) return NULL;
    if (!realpath(path, real)) return NULL;
    size_t rl = strlen(root);
    if (strncmp(real, root, rl) != 0 || real[rl] != '/') return NULL;   /* a symlink out of the folder */
    FILE *f = fopen(real, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len >= MAX_MODULE_BYTES) { free(buf); buf = NULL; break; }
        if (len == cap) { char *bigger = realloc(buf, cap *= 2); if (!bigger) { free(buf); buf = NULL; } else buf = bigger; }
    }
    fclose(f);
    *length = len;
    return buf;
}

/* require: .lua files inside the plugin's (or script's) own folder, and nothing else. */
static int sandbox_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TNIL) return 1;   /* cached */
    lua_pop(L, 1);
    if (!valid_module_name(name))
        return luaL_error(L, "require: module names are words separated by dots (like \"lib.util\"), got \"%s\"", name);
    const char *root = lua_tostring(L, lua_upvalueindex(1));
    if (!root || !*root) return luaL_error(L, "require: there is no folder to load \"%s\" from", name);
    char relative[PATH_MAX];
    size_t n = strlen(name);
    if (n + 10 >= sizeof relative) return luaL_error(L, "require: module name too long");
    for (size_t i = 0; i <= n; i++) relative[i] = name[i] == '.' ? '/' : name[i];
    size_t length = 0;
    strcat(relative, ".lua");
    char *text = read_inside(root, relative, &length);
    if (!text) {
        relative[n] = '\0';
        strcat(relative, "/init.lua");
        text = read_inside(root, relative, &length);
    }
    if (!text) {
        relative[n] = '\0';
        return luaL_error(L, "require: no module \"%s\" in %s (only .lua files inside this folder can be required)", name, root);
    }
    lua_pushfstring(L, "@%s", relative);       /* [name, chunkname] */
    int status = luaL_loadbufferx(L, text, length, lua_tostring(L, -1), "t");
    free(text);
    if (status != LUA_OK) return lua_error(L);
    lua_pushvalue(L, 1);                       /* [name, chunkname, chunk, name] */
    lua_call(L, 1, 1);                         /* [name, chunkname, result] */
    if (lua_isnil(L, -1)) { lua_pop(L, 1); lua_pushboolean(L, 1); }
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(2), name);
    return 1;
}

/* setmetatable without finalizers: Lua turns hooks off while a __gc runs, so a looping
   finalizer could never be stopped. Objects get a finalizer only if __gc is present when
   the metatable is set, so refusing it here is enough. */
static int sandbox_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: __gc finalizers are not available in Kith's sandbox");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* Coroutines: track the running thread, and arm the stop hook on threads created or
   resumed after the deadline, so a coroutine cannot dodge it. */
static int co_create(lua_State *L) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    if (atomic_load(&ctx->passed)) ckith_arm_stop(co);
    return 1;
}

/* resume, and close (which runs the coroutine's pending __close handlers inside it): track
   the coroutine as the running thread and arm it once the deadline has passed, or a loop in it
   would dodge the hook. Upvalue 1 is the original function. */
static int co_tracked(lua_State *L) {
    ckith_ctx *ctx = ckith_ctx_of(L);
    lua_State *co = lua_tothread(L, 1);
    lua_State *previous = atomic_load(&ctx->running);
    if (co) {
        atomic_store(&ctx->running, co);
        if (atomic_load(&ctx->passed)) ckith_arm_stop(co);
    }
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));     /* [args.., original] */
    lua_insert(L, 1);                          /* [original, args..] */
    int status = lua_pcall(L, n, LUA_MULTRET, 0);
    atomic_store(&ctx->running, previous);
    if (atomic_load(&ctx->passed)) ckith_arm_stop(L);
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

/* xpcall's message handler runs before the stack unwinds, and when the error came from the
   stop hook Lua still has hooks off for this thread: a looping handler could never be
   stopped. Once the deadline has passed the handler is skipped and the error goes on as it
   is; before, the person's handler runs as usual. */
static int guarded_handler(lua_State *L) {
    if (atomic_load(&ckith_ctx_of(L)->passed)) return 1;   /* [message] */
    lua_pushvalue(L, lua_upvalueindex(1));                  /* [message, handler] */
    lua_insert(L, 1);                                       /* [handler, message] */
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sandbox_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);                   /* [f, handler, args..] */
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);                                      /* [f, guarded, args..] */
    lua_pushvalue(L, lua_upvalueindex(1));                  /* [f, guarded, args.., xpcall] */
    lua_insert(L, 1);                                       /* [xpcall, f, guarded, args..] */
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

static int co_wrapped_call(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(2));     /* [args.., resume] */
    lua_pushvalue(L, lua_upvalueindex(1));     /* [args.., resume, co] */
    lua_rotate(L, 1, 2);                       /* [resume, co, args..] */
    lua_call(L, n + 1, LUA_MULTRET);           /* [ok, results..] */
    if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;
    lua_settop(L, 2);
    if (lua_type(L, 2) == LUA_TSTRING) { luaL_where(L, 1); lua_insert(L, -2); lua_concat(L, 2); }
    return lua_error(L);
}

static int co_wrap(lua_State *L) {
    co_create(L);                              /* [f, co] */
    lua_pushvalue(L, lua_upvalueindex(1));     /* [f, co, resume] */
    lua_pushcclosure(L, co_wrapped_call, 2);
    return 1;
}

static void set_cfunction(lua_State *L, int table, const char *name, lua_CFunction fn, int keep_original) {
    table = lua_absindex(L, table);
    if (keep_original) lua_getfield(L, table, name);
    lua_pushcclosure(L, fn, keep_original ? 1 : 0);
    lua_setfield(L, table, name);
}

static int open_sandbox(lua_State *L) {
    /* [root] */
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 0);    /* [root, _G, string, table, math, utf8, co, os] */
    int os = lua_gettop(L), co = os - 1, string = 3, G = 2;

    /* _G: keep the whitelist, replace load/print/collectgarbage, add require. */
    lua_getfield(L, G, "load");
    int load = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, G)) {                   /* [.., load, key, value] */
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING || !allowed(lua_tostring(L, -1), base_allowed)) {
            lua_pushvalue(L, -1);
            lua_pushnil(L);
            lua_rawset(L, G);                  /* clearing a field during next is allowed */
        }
    }
    lua_pushvalue(L, load);
    lua_pushcclosure(L, sandbox_load, 1);
    lua_setfield(L, G, "load");
    lua_pop(L, 1);                             /* the original load */
    lua_getfield(L, G, "setmetatable");
    lua_pushcclosure(L, sandbox_setmetatable, 1);
    lua_setfield(L, G, "setmetatable");
    lua_getfield(L, G, "xpcall");
    lua_pushcclosure(L, sandbox_xpcall, 1);
    lua_setfield(L, G, "xpcall");
    static const luaL_Reg replaced[] = {{"print", sandbox_print}, {"collectgarbage", sandbox_collectgarbage}, {NULL, NULL}};
    lua_pushvalue(L, G);
    luaL_setfuncs(L, replaced, 0);
    lua_pop(L, 1);
    lua_pushvalue(L, 1);                       /* the root folder */
    lua_newtable(L);
    lua_pushcclosure(L, sandbox_require, 2);
    lua_setfield(L, G, "require");

    /* string: no dump; a guard on the pattern functions; a locked metatable. */
    lua_pushnil(L);
    lua_setfield(L, string, "dump");
    ckith_open_pattern_guard(L, string);
    ckith_open_table_guard(L, string + 1);     /* sort, insert, remove, move check it too */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);                   /* [.., "", string_mt] */
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    /* coroutine: creation and resumption go through the hook-aware versions. */
    lua_getfield(L, co, "resume");             /* [.., resume] */
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, co_tracked, 1);        /* [.., resume, guarded_resume] */
    lua_pushvalue(L, -1);
    lua_setfield(L, co, "resume");
    lua_pushcclosure(L, co_wrap, 1);           /* [.., resume, wrap] */
    lua_setfield(L, co, "wrap");
    lua_pop(L, 1);
    set_cfunction(L, co, "create", co_create, 0);
    set_cfunction(L, co, "close", co_tracked, 1);

    /* os: only the clock and calendar functions. */
    lua_createtable(L, 0, 4);
    const char *os_allowed[] = {"time", "clock", "date", "difftime", NULL};
    for (const char **name = os_allowed; *name; name++) {
        lua_getfield(L, os, *name);
        lua_setfield(L, -2, *name);
    }
    lua_setfield(L, G, "os");
    return 0;
}

int ckith_open_sandbox(lua_State *L, const char *require_root) {
    lua_pushcfunction(L, open_sandbox);
    lua_pushstring(L, require_root ? require_root : "");
    return lua_pcall(L, 1, 0, 0);
}
