/* A guard for string.find, match, gmatch and gsub. Lua's matcher backtracks, and no hook
   fires while it runs (it is C), so a pattern like ".-.-.-.-b" on a few thousand bytes
   can run for hours. Before matching, estimate the worst case: each open-ended repeat
   (*, +, -) of a broad class ('.', a negated set, an upper-case %-class) lets a failing
   match try every split of the subject, about n^k / k! ways for k such repeats, times n
   start positions when the pattern is not anchored. Refuse above a budget, with advice.
   Narrow repeats (%s*, a*) are not counted; the watchdog's last resort covers them. */
#include <ctype.h>
#include <string.h>
#include <lauxlib.h>
#include "context.h"

#define BACKTRACK_BUDGET 1e9

static size_t class_end(const char *p, size_t i, size_t len, int *broad) {
    if (p[i] == '%') {
        if (i + 1 >= len) return len;
        *broad = isupper((unsigned char)p[i + 1]) != 0;
        return i + 2;
    }
    if (p[i] == '[') {
        size_t j = i + 1;
        *broad = j < len && p[j] == '^';
        if (*broad) j++;
        if (j < len && p[j] == ']') j++;
        while (j < len && p[j] != ']') j += (p[j] == '%' && j + 1 < len) ? 2 : 1;
        return j < len ? j + 1 : len;
    }
    *broad = p[i] == '.';
    return i + 1;
}

/* Counts open-ended repeats of broad classes; sets *anchored for a leading '^'. */
static int broad_repeats(const char *p, size_t len, int *anchored) {
    size_t i = 0;
    int count = 0;
    *anchored = len > 0 && p[0] == '^';
    if (*anchored) i = 1;
    while (i < len) {
        char c = p[i];
        if (c == '(' || c == ')') { i++; continue; }
        if (c == '%' && i + 1 < len && p[i + 1] == 'b') { i += 4; continue; }
        if (c == '%' && i + 1 < len && p[i + 1] == 'f') {
            int ignored;
            i = class_end(p, i + 2, len, &ignored);
            continue;
        }
        int broad = 0;
        size_t end = class_end(p, i, len, &broad);
        if (end < len && (p[end] == '*' || p[end] == '+' || p[end] == '-')) {
            count += broad;
            end++;
        } else if (end < len && p[end] == '?') {
            end++;
        }
        i = end;
    }
    return count;
}

static int has_specials(const char *p, size_t len) {
    for (size_t i = 0; i < len; i++) if (strchr("^$*+?.([%-", p[i])) return 1;
    return 0;
}

static int guarded(lua_State *L, const char *fname, int may_anchor) {
    size_t n = 0, plen = 0;
    const char *s = lua_tolstring(L, 1, &n);
    const char *p = lua_tolstring(L, 2, &plen);
    int plain = strcmp(fname, "find") == 0 && lua_toboolean(L, 4);
    if (s && p && !plain && has_specials(p, plen)) {
        int anchored = 0;
        int k = broad_repeats(p, plen, &anchored);
        if (!may_anchor) anchored = 0;
        double cost = anchored ? 1.0 : (double)n;
        for (int i = 1; i <= k; i++) cost *= (double)n / i;
        if (k > 0 && cost > BACKTRACK_BUDGET) {
            return luaL_error(L,
                "string.%s: pattern \"%s\" could backtrack for too long on a %d-byte string "
                "(%d open-ended repeats of a broad class like '.'); anchor it with '^', use a narrower "
                "class, or split the text first",
                fname, plen > 40 ? "(long pattern)" : p, (int)n, k);
        }
    }
    int nargs = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, nargs, LUA_MULTRET);
    return lua_gettop(L);
}

static int guarded_find(lua_State *L) { return guarded(L, "find", 1); }
static int guarded_match(lua_State *L) { return guarded(L, "match", 1); }
static int guarded_gmatch(lua_State *L) { return guarded(L, "gmatch", 0); }
static int guarded_gsub(lua_State *L) { return guarded(L, "gsub", 1); }

/* Replaces the pattern functions in the string table at string_table. */
int ckith_open_pattern_guard(lua_State *L, int string_table) {
    static const struct { const char *name; lua_CFunction fn; } guards[] = {
        {"find", guarded_find}, {"match", guarded_match}, {"gmatch", guarded_gmatch}, {"gsub", guarded_gsub},
    };
    for (size_t i = 0; i < sizeof guards / sizeof guards[0]; i++) {
        lua_getfield(L, string_table, guards[i].name);
        lua_pushcclosure(L, guards[i].fn, 1);
        lua_setfield(L, string_table, guards[i].name);
    }
    return 0;
}
