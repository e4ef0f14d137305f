-- tries: forging terminal output through stored data: a person's name, notes, a journal entry, a tag-like text and a schedule title with ESC sequences and \r
local E = "\27"
local forge = E .. "]0;owned" .. "\7" .. E .. "[2J" .. E .. "[H" .. "\r" .. "Kith: all clear"
kith.people.add{ name = "Mallory" .. forge, type = "friend", notes = E .. "[31mred" .. "\r", phone = "555" .. E .. "[8m" }
kith.journal.add{ text = "entry" .. E .. "[1A" .. E .. "[2K\rforged line" .. forge, mood = 2 }
kith.schedule.add{ title = "meet" .. forge, starts = "2026-03-11T10:00:00Z", remind_minutes_before = 60 }
kith.plan.update{ coping = { "breathe" .. forge } }
print("stored")
