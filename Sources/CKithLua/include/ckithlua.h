#ifndef CKITHLUA_H
#define CKITHLUA_H
#include <lua.h>
int ckith_version(void);
#endif
