-- Reach out after low days: three journal entries in a row with mood 2 or lower, and no
-- contact with anyone since the first of them, is the moment isolation starts to feed low
-- mood. Then remind the person, with high priority, to call someone close, by name.
local M = {}

--- The newest run of low entries with no interaction since its first entry, or nil.
--- How many in a row, and how low is low, are the plugin's settings (plugin.toml):
---   kith plugins set reach-out low_days 4
---@param entries kith.Entry[] newest first
---@param interactions kith.Interaction[] newest first
---@return kith.Entry[]|nil
function M.low_run(entries, interactions)
  local days, low = kith.settings.get("low_days"), kith.settings.get("low_mood")
  local run = {}
  for _, e in ipairs(entries) do            -- newest first
    if e.mood == nil then goto continue end
    if e.mood > low then break end
    run[#run + 1] = e
    if #run == days then break end
    ::continue::
  end
  if #run < days then return nil end
  local first = run[#run].at
  for _, i in ipairs(interactions) do
    if i.at >= first then return nil end      -- they already reached out
  end
  return run
end

--- The inner circle, crisis contacts first, as "Ana, Marco".
---@return kith.Person[]
function M.inner_circle()
  local people = kith.people.list{ circle = "inner" }
  table.sort(people, function(a, b)
    if a.crisis ~= b.crisis then return a.crisis end
    return a.name < b.name
  end)
  return people
end

kith.reminders.define{
  id = "low-mood-reach-out",
  title = "Reach out after low days",
  check = function(_ctx)
    local run = M.low_run(kith.journal.list{ limit = 20 }, kith.interactions.list{ limit = 50 })
    if not run then return {} end
    local people = M.inner_circle()
    local names = {}
    for k, p in ipairs(people) do if k <= 3 then names[#names + 1] = p.name end end
    local who = #names > 0 and (": " .. table.concat(names, ", "))
      or " (add someone to your inner circle with 'kith people add NAME --circle inner')"
    local newest = kith.date.of(run[1].at)
    return { {
      key = newest,                            -- stable: the same run gives the same reminder
      title = ("%d low days in a row: call someone in your inner circle%s"):format(#run, who),
      due = newest,
      person = people[1] and people[1].id or nil,
      priority = "high",
    } }
  end,
}

return M
