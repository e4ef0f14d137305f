-- tries: kith.schedule.occurrences over the years 1..9999 for a daily event (3.65 million occurrences)
kith.schedule.add{ title = "daily", starts = "2026-03-01T09:00:00Z", ["repeat"] = { freq = "daily" } }
local o = kith.schedule.occurrences{ since = "0001-01-01", ["until"] = "9999-12-31" }
print(#o)
