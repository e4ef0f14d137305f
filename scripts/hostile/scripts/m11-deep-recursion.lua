-- tries: deep recursion: non-tail Lua recursion, then recursion through a C function (string.gsub) and a metamethod
local function f(n) return 1 + f(n + 1) end
local ok, e = pcall(f, 1)
local function g(s) return (string.gsub(s, ".", g)) end
local ok2, e2 = pcall(g, "ab")
local mt = {}
mt.__index = function(t, k) return setmetatable({}, mt)[k] end
local x = setmetatable({}, mt).boom
