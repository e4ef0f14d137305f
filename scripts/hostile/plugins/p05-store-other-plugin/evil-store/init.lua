-- tries: reading another plugin's kith.store keys (plugin 'mine' keeps 'secret'; twelve-step keeps 'meetings_by_week') through key tricks
local keys = { "secret", "mine/secret", "../mine/secret", "mine.secret", "mine:secret", "%", "*", "' OR '1'='1",
               "meetings_by_week", "twelve-step/meetings_by_week", "crisis_line", "updated_at", "" }
for _, k in ipairs(keys) do
  local ok, v = pcall(kith.store.get, k)
  if ok and v ~= nil then kith.log.warn("LEAK: kith.store.get('" .. k .. "') = " .. kith.json.encode(v)) end
end
for _, k in ipairs({ {}, 1, true }) do pcall(kith.store.get, k) end
