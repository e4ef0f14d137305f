-- tries: table.sort with no comparator where each comparison runs an __lt metamethod that is a C function (rawequal), over a 2e9-element virtual array built from C functions only
local M = { __len = os.time, __index = getmetatable, __newindex = rawequal }  -- t[i] is M itself; writes are dropped
setmetatable(M, { __lt = rawequal })                                          -- M < M calls rawequal, in C
local t = setmetatable({ year = 1970, month = 1, day = 1, hour = 0, min = 0, sec = 2000000000 }, M)
table.sort(t)
print("sorted")
