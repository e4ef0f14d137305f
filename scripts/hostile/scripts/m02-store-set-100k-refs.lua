-- tries: kith.store.set of a table holding 100,000 references to one 1 MiB string
local s = string.rep("b", 1 << 20)
local t = {}
for i = 1, 100000 do t[i] = s end
kith.store.set("bomb", t)
print("stored")
