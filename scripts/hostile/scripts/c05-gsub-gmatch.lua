-- tries: gsub and gmatch with backtracking patterns and a replacement function that never runs
local s = string.rep("a", 60000)
print(s:gsub(".-.-b", function() return "x" end))
for w in s:gmatch("(.-)(.-)b") do print(w) end
