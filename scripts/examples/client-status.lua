-- One CSV line about one client's store, for a clinic's nightly run over every client:
--   kith batch --stores 'clients/*.sqlite' --stdout scripts/examples/client-status.lua
-- Columns: client,last_entry,mean_mood_7d,days_since_contact,high_priority_reminders
-- (print the header with: kith run scripts/examples/client-status.lua --header)
if arg[1] == "--header" then
  print("client,last_entry,mean_mood_7d,days_since_contact,high_priority_reminders")
  return
end

local client = kith.store_path:match("([^/]+)%.sqlite$") or kith.store_path
local today = kith.today()

local last = kith.journal.list{ limit = 1 }[1]
local sum, n = 0, 0
for e in kith.journal.each{ since = kith.date.add(today, -6) } do
  if e.mood then sum, n = sum + e.mood, n + 1 end
end

local contact = kith.interactions.list{ limit = 1 }[1]
local high = 0
for _, r in ipairs(kith.reminders.due()) do
  if r.priority == "high" then high = high + 1 end
end

local function csv(s)
  s = tostring(s)
  if s:find('[,"\n]') then s = '"' .. s:gsub('"', '""') .. '"' end
  return s
end

print(table.concat({
  csv(client),
  last and kith.date.of(last.at) or "",
  n > 0 and ("%.2f"):format(sum / n) or "",
  contact and tostring(kith.date.diff(today, kith.date.of(contact.at))) or "",
  tostring(high),
}, ","))
