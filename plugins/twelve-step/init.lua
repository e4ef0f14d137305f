-- Twelve-step support: the sponsor relationship, meetings attended, and step work.
local M = {}

kith.support_types.define{
  id = "sponsor", name = "Sponsor",
  description = "A twelve-step sponsor: someone further along who guides the steps",
  dimensions = { "emotional", "informational" },
  default_cadence_days = 3,
}

kith.metrics.define{ id = "meetings_attended", name = "Meetings attended", kind = "integer", min = 0, max = 10 }

-- Words that mark an entry as step work ("worked on step 4", "my fourth step inventory").
local STEP_WORDS = { "step%s*%d+", "steps?%s+work", "inventory", "amends" }

local function has(list, value)
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end

--- Tags an entry "meeting" when it records meetings, and "step-work" when its text talks
--- about the steps. Returns the tags to add (empty when there is nothing to do).
---@param entry kith.Entry
---@return string[]
function M.tags_for(entry)
  local add = {}
  local meetings = entry.metrics.meetings_attended
  if meetings and meetings > 0 and not has(entry.tags, "meeting") then add[#add + 1] = "meeting" end
  local text = entry.text:lower()
  for _, pattern in ipairs(STEP_WORDS) do
    if text:find(pattern) and not has(entry.tags, "step-work") then add[#add + 1] = "step-work"; break end
  end
  return add
end

kith.on("journal.added", function(entry)
  local add = M.tags_for(entry)
  if #add == 0 then return end
  local tags = entry.tags
  for _, tag in ipairs(add) do tags[#tags + 1] = tag end
  kith.journal.update(entry.id, { tags = tags })
end)

-- Count group meetings logged as interactions, per ISO week, for reports and reminders.
kith.on("interaction.logged", function(interaction)
  if interaction.channel ~= "group_meeting" then return end
  local day = kith.date.of(interaction.at)
  local monday = kith.date.week_start(day)
  local counts = kith.store.get("meetings_by_week") or {}
  counts[monday] = (counts[monday] or 0) + 1
  kith.store.set("meetings_by_week", counts)
end)

return M
