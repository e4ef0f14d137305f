#ifndef CKITHLUA_H
#define CKITHLUA_H
/*
 * Kith's C bridge to Lua 5.4. This is the only code that may raise a Lua error
 * (a longjmp): Swift never does, because jumping over Swift frames skips their cleanup.
 * Swift host functions are reached through one trampoline; they return an error code
 * and the trampoline raises from this C frame.
 */
#include <stddef.h>
#include <lua.h>

/* Called by the trampoline: returns the number of results pushed, or -1 with an error
   message on top of the stack (the trampoline adds the caller's position and raises). */
typedef int (*ckith_dispatch_fn)(lua_State *L, void *owner, int function_index);
/* Called by print and the warning function: text for the host to write. */
typedef void (*ckith_output_fn)(void *owner, int is_warning, const char *text, size_t length);

/* A new state whose allocator accounts memory against memory_limit (bytes). */
lua_State *ckith_newstate(size_t memory_limit, void *owner, ckith_dispatch_fn dispatch, ckith_output_fn output);
/* Sets the owner passed to dispatch and output (known only once the host object exists)
   and the name the last-resort message uses. */
void ckith_bind_owner(lua_State *L, void *owner, const char *name);
/* Runs the finalizers under a short deadline, then closes the state. */
void ckith_close(lua_State *L);

/* Opens the whitelisted libraries and installs the sandbox's own load, require, print,
   collectgarbage, coroutine and pattern-guard functions. require_root: the folder whose
   .lua files require may load. Returns LUA_OK, or an error status with a message on top. */
int ckith_open_sandbox(lua_State *L, const char *require_root);

/* Pushes a closure calling the host function function_index. extra_upvalues values on
   top of the stack become upvalues 2.. of the closure (they are popped). */
void ckith_push_host_function(lua_State *L, int function_index, int extra_upvalues);

/* Replaces the table on top of the stack with a read-only proxy: a userdata holding the
   table as its user value, so that even rawset cannot change it, under one shared metatable. */
void ckith_make_readonly(lua_State *L);

/* Loads text (never bytecode) as a chunk. Returns a status; the chunk or a message is on top. */
int ckith_load_text(lua_State *L, const char *text, size_t length, const char *chunkname);

/* Calls the function below nargs arguments with a traceback handler. On error the
   message (first line) and traceback are on top as one string; returns the status. */
int ckith_pcall(lua_State *L, int nargs, int nresults);

/* Memory: bytes in use, and whether the limit is enforced (it is relaxed during host calls
   so that a push from Swift can never fail half way). */
size_t ckith_memory_used(lua_State *L);
size_t ckith_memory_limit(lua_State *L);
int ckith_set_memory_enforced(lua_State *L, int enforced);

/* CPU: a deadline for the running call (seconds; <= 0 means none). When it passes, a
   watchdog arms a hook that stops Lua code on its next instruction; if the state is
   still busy a grace period later (stuck in C code), the process exits with a message
   naming `who`. */
void ckith_set_deadline(lua_State *L, double seconds, const char *who);
/* Called (on the watchdog's thread, once per call) instead of ending the process when a state
   is still busy a grace period after its deadline. NULL restores the default: end the process. */
typedef void (*ckith_stuck_fn)(const char *who, double seconds_since_start);
void ckith_set_stuck_handler(ckith_stuck_fn handler);
void ckith_clear_deadline(lua_State *L);
int ckith_deadline_passed(lua_State *L);

/* Errors from the pattern guard and the hook start with these, so the host can classify. */
#define CKITH_TIMEOUT_TAG "time limit of "

/* Raw string length-and-pointer read that never converts or raises (NULL if not a string). */
const char *ckith_rawstring(lua_State *L, int index, size_t *length);

/* Macro shims for Swift (macros do not import). */
int ckith_upvalueindex(int i);
int ckith_registryindex(void);
void ckith_pop(lua_State *L, int n);
void ckith_newtable(lua_State *L);
int ckith_isnoneornil(lua_State *L, int index);
lua_Integer ckith_tointeger(lua_State *L, int index, int *isnum);
lua_Number ckith_tonumber(lua_State *L, int index, int *isnum);

#endif
