-- tries: the occurrence window guard, by starting six daily events in year 1 and asking for a window in 9990: each expands 3.65 million days in Swift
for i = 1, 6 do
  kith.schedule.add{ title = "daily " .. i, starts = "0001-01-01T09:00:00Z", ["repeat"] = { freq = "daily" } }
end
local o = kith.schedule.occurrences{ since = "9990-01-01", ["until"] = "9999-12-31" }
print(#o)
