-- tries: invalid UTF-8, overlong and surrogate encodings and NULs in names, text, tags, keys, titles and definitions; anything accepted must not corrupt the store
local values = { "A\0B", "\xff\xfeX", "\xc0\xaf", "\xed\xa0\x80", "ok\0", "\0" }
for i, v in ipairs(values) do
  pcall(kith.people.add, { name = v, type = "friend" })
  pcall(kith.people.add, { name = "U" .. i, type = "friend", notes = v })
  pcall(kith.journal.add, { text = v })
  pcall(kith.journal.add, { text = "x", tags = { v } })
  pcall(kith.store.set, v, 1)
  pcall(kith.schedule.add, { title = v, starts = "2026-03-11T10:00:00Z" })
  pcall(kith.plan.update, { coping = { v } })
  pcall(kith.support_types.define, { id = "t" .. i, name = v })
  pcall(kith.metrics.define, { id = "m" .. i, name = v })
  pcall(kith.people.get, v)
  pcall(kith.date.add, "2026-01-01" .. v, 1)
  pcall(kith.json.decode, "\"" .. v .. "\"")
end
error("done: every call above was made; \0 NUL and \xff invalid UTF-8 in this message too")
