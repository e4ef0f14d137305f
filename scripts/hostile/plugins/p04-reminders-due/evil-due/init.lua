-- tries: kith.reminders.due (names people and events) with permissions = [], at load and with the at option
if pcall(kith.reminders.due, { at = "2026-03-10" }) then kith.log.warn("BYPASS: kith.reminders.due{at} accepted") end
local due = kith.reminders.due()
kith.log.warn("LEAK: " .. kith.json.encode(due))
