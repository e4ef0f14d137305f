#include "ckithlua.h"
int ckith_version(void) { return LUA_VERSION_NUM; }
