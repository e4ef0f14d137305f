-- tries: %b() scans on unbalanced input: 200,000 "(" with no ")", matched at every start position by gmatch
local s = string.rep("(", 200000)
local n = 0
for _ in s:gmatch("%b()") do n = n + 1 end
print(n, s:find("%b()%b()"))
