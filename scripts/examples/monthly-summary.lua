-- Prints a Markdown summary of one month: mood, journal, contact with the network.
--   kith run scripts/examples/monthly-summary.lua [YYYY-MM]   (default: this month)
local month = arg[1] or kith.today():sub(1, 7)
if not month:match("^%d%d%d%d%-%d%d$") then error("usage: monthly-summary.lua [YYYY-MM], got " .. month, 0) end
local first = month .. "-01"
local last = kith.date.add(kith.date.add(first, 32):sub(1, 8) .. "01", -1)

local entries, mood_sum, mood_n, tags = 0, 0, 0, {}
local low_days = 0
for e in kith.journal.each{ since = first, ["until"] = last } do
  entries = entries + 1
  if e.mood then
    mood_sum, mood_n = mood_sum + e.mood, mood_n + 1
    if e.mood <= 2 then low_days = low_days + 1 end
  end
  for _, tag in ipairs(e.tags) do tags[tag] = (tags[tag] or 0) + 1 end
end

local contacts, by_person = 0, {}
for _, i in ipairs(kith.interactions.list{ since = first, ["until"] = last }) do
  contacts = contacts + 1
  by_person[i.person_id] = (by_person[i.person_id] or 0) + 1
end

print(("# Recovery summary, %s"):format(month))
print()
print(("- Journal entries: %d"):format(entries))
if mood_n > 0 then
  print(("- Average mood: %.1f of 5 (%d low days)"):format(mood_sum / mood_n, low_days))
else
  print("- Average mood: no moods recorded")
end
print(("- Interactions with your network: %d"):format(contacts))
print()
print("## Who you were in touch with")
print()
local people = kith.people.list()
table.sort(people, function(a, b) return (by_person[a.id] or 0) > (by_person[b.id] or 0) end)
for _, p in ipairs(people) do
  local n = by_person[p.id] or 0
  if n > 0 then print(("- %s (%s): %d time%s"):format(p.name, p.type, n, n == 1 and "" or "s")) end
end
local tag_list = {}
for tag, n in pairs(tags) do tag_list[#tag_list + 1] = { tag = tag, n = n } end
table.sort(tag_list, function(a, b) return a.n > b.n or (a.n == b.n and a.tag < b.tag) end)
if #tag_list > 0 then
  print()
  print("## Most used tags")
  print()
  for k = 1, math.min(5, #tag_list) do print(("- #%s: %d"):format(tag_list[k].tag, tag_list[k].n)) end
end
