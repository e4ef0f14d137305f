-- tries: a coroutine bomb: each coroutine creates and resumes the next, then millions of suspended coroutines
local function bomb() local co = coroutine.create(bomb) coroutine.resume(co) coroutine.yield() end
pcall(bomb)
local list = {}
while true do
  local co = coroutine.create(function() coroutine.yield() end)
  coroutine.resume(co)
  list[#list + 1] = co
end
