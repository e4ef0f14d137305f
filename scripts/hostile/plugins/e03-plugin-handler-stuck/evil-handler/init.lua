-- tries: a journal.added handler stuck in C (table.sort over a virtual 2e9-element array with a C comparator): the user's own 'kith journal add' must survive
kith.on("journal.added", function()
  local t = setmetatable({ year = 1970, month = 1, day = 1, hour = 0, min = 0, sec = 2000000000 }, { __len = os.time })
  table.sort(t, rawequal)
end)
