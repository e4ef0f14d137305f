-- tries: table.remove(t, 1) where #t is 32 billion through __len = os.time (a C function): a C loop shifting nils
local t = setmetatable({ year = 3000, month = 1, day = 1 }, { __len = os.time })
table.remove(t, 1)
print("removed")
