-- tries: table.sort of a 2,000,000,000-element virtual array (__len = os.time, a C function) with a C comparator (rawequal): 6e10 comparisons in C
local t = setmetatable({ year = 1970, month = 1, day = 1, hour = 0, min = 0, sec = 2000000000 }, { __len = os.time })
table.sort(t, rawequal)
print("sorted")
