-- tries: string.rep bombs: a 1 TiB result, then doubling a string until the limit
local ok, e = pcall(string.rep, "x", 1 << 40)
local s = "y"
while true do s = s .. s end
