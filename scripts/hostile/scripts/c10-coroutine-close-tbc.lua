-- tries: coroutine.close on a coroutine created before the deadline whose pending to-be-closed variable loops in __close
local co = coroutine.create(function()
  local x <close> = setmetatable({}, { __close = function() while true do end end })
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co))
