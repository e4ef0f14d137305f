-- Online peer support: forums, recovery apps and video meetings are real support, and
-- long hours online can also be a warning sign. This plugin keeps both in view.
local M = {}

kith.support_types.define{
  id = "online-peer", name = "Online peer",
  description = "A peer met in an online recovery community (forum, app, video meeting)",
  dimensions = { "emotional", "informational" },
  default_cadence_days = 7,
}

kith.metrics.define{ id = "online_minutes", name = "Minutes in online communities", kind = "integer",
                     min = 0, max = 1440 }

--- Minutes online above which an entry is tagged "online-heavy".
M.HEAVY_MINUTES = 180

kith.on("journal.added", function(entry)
  local minutes = entry.metrics.online_minutes
  if minutes and minutes >= M.HEAVY_MINUTES then
    local tags = entry.tags
    tags[#tags + 1] = "online-heavy"
    kith.journal.update(entry.id, { tags = tags })
  end
end)

--- The Monday of the week holding an instant or date.
---@param at string an instant or a date
---@return string
function M.week_of(at)
  return kith.date.week_start(kith.date.of(at))
end

-- Online and video contact per week, so a clinician can see whether online support
-- replaces or adds to in-person contact.
kith.on("interaction.logged", function(interaction)
  local kind = (interaction.channel == "online" or interaction.channel == "video") and "online" or "offline"
  local weeks = kith.store.get("contact_by_week") or {}
  local week = M.week_of(interaction.at)
  weeks[week] = weeks[week] or { online = 0, offline = 0 }
  weeks[week][kind] = weeks[week][kind] + 1
  kith.store.set("contact_by_week", weeks)
end)

return M
