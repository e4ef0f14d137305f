-- tries: escaping the plugin time limit with coroutine.close on a suspended coroutine whose to-be-closed variable loops in __close
local co = coroutine.create(function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  coroutine.yield()
end)
coroutine.resume(co)
coroutine.close(co)
