import KithLua
