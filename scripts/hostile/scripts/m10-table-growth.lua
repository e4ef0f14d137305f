-- tries: unbounded table growth (a new table per slot, no pcall)
local t = {}
local i = 0
while true do i = i + 1; t[i] = { i, tostring(i) } end
