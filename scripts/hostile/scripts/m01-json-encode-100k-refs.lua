-- tries: kith.json.encode of a table holding 100,000 references to one 1 MiB string (100 GiB if copied naively)
local s = string.rep("a", 1 << 20)
local t = {}
for i = 1, 100000 do t[i] = s end
print(#kith.json.encode(t))
