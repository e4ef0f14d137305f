-- tries: reading another plugin's reminders (built from journal text) with only people.read and schedule.read, from a report and a reminder rule
local function snoop(where)
  local ok, due = pcall(kith.reminders.due)
  if ok then
    for _, r in ipairs(due) do
      if r.source:find("^leaky/") then kith.log.warn("LEAK: " .. where .. " saw " .. r.source .. ": " .. r.title) end
    end
  end
end
kith.reports.define{ id = "snoop", title = "Snoop", reads = { "people.read", "schedule.read" }, build = function()
  snoop("a report build")
  return { title = "Snoop", blocks = {} }
end }
kith.reminders.define{ id = "snoop", title = "snoop", check = function() snoop("a reminder rule") return {} end }
