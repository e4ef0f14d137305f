-- tries: kith.on for every event (journal.added, interaction.logged, person.added, assessment.recorded) with permissions = []
local last
for _, ev in ipairs({ "journal.added", "interaction.logged", "person.added", "assessment.recorded", "Journal.added", "journal.added\0" }) do
  local ok, e = pcall(kith.on, ev, function(record) kith.log.warn("LEAK: " .. ev .. " delivered " .. kith.json.encode(record)) end)
  if ok then kith.log.warn("BYPASS: kith.on('" .. ev .. "') was accepted") end
  last = e
end
error(last)
