-- tries: kith.json.decode of 24 MB of "[]," (8 million empty tables, ~600 MB once pushed into Lua while the limit is relaxed)
local s = "[" .. string.rep("[],", 8000000) .. "[]]"
local t = kith.json.decode(s)
print(#t)
