#ifndef KITH_CLUA_SHIM_H
#define KITH_CLUA_SHIM_H
/* Debian installs the Lua 5.4 headers under /usr/include/lua5.4 (pkg-config lua5.4 adds it). */
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#endif
