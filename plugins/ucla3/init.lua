-- UCLA 3-item loneliness scale (Hughes, Waite, Hawkley & Cacioppo 2004; free to use).
-- The usual cut-off is 6; a clinic can set another with
--   kith plugins set ucla3 cutoff 7
local M = {}

--- The cut-off set for this store: a setting declared in plugin.toml (4 to 9, default 6),
--- which Kith checks when it is set and again here, so a bad value refuses to score rather
--- than silently banding with something else.
---@return integer
function M.cutoff()
  return kith.settings.get("cutoff")
end

---@param answers table<string, integer>
---@return kith.Score
function M.score(answers)
  local total = answers["1"] + answers["2"] + answers["3"]
  local cutoff = M.cutoff()
  local lonely = total >= cutoff
  return { total = total, band = lonely and "lonely" or "not lonely",
           flags = lonely and { ("total %d at or above the cut-off %d: lonely"):format(total, cutoff) } or {}, subscales = {},
           settings = { cutoff = cutoff } }
end

kith.assessments.define{
  id = "ucla3", title = "UCLA 3-item loneliness scale", version = "1",
  instructions = "The next questions are about how you feel about different aspects of your life. For each one, "
    .. "say how often you feel that way.",
  about = "Three-item UCLA Loneliness Scale. Hughes ME, Waite LJ, Hawkley LC, Cacioppo JT. A short scale for measuring "
    .. "loneliness in large surveys. Res Aging 2004;26(6):655-672. Free to use. The cut-off (default 6, settable 4 to 9) "
    .. "is stored with each result. Exported with Kith's own code system (urn:kith:assessment).",
  choices = { { value = 1, label = "Hardly ever" }, { value = 2, label = "Some of the time" }, { value = 3, label = "Often" } },
  items = {
    { id = "1", text = "How often do you feel that you lack companionship?" },
    { id = "2", text = "How often do you feel left out?" },
    { id = "3", text = "How often do you feel isolated from others?" },
  },
  score = M.score,
}

return M
