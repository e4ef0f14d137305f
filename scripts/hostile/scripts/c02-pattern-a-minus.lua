-- tries: catastrophic backtracking with literal items: "a-a-a-a-b" on a long run of "a", via find, match and the method form
local s = string.rep("a", 100000)
print(s:find("a-a-a-a-b"), string.match(s, "a-a-a-a-a-b"))
