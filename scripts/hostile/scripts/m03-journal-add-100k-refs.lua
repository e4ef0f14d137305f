-- tries: kith.journal.add{text = 1 MiB, tags = 100,000 references to that 1 MiB string} (list fields are copied without a budget)
local s = string.rep("c", 1 << 20)
local t = {}
for i = 1, 100000 do t[i] = s end
kith.journal.add{ text = s, tags = t }
print("added")
