-- UCLA 3-item loneliness scale (Hughes, Waite, Hawkley & Cacioppo 2004; free to use).
-- The usual cut-off is 6; a clinic can set another with
--   kith plugins set ucla3 cutoff 7
local M = {}

M.DEFAULT_CUTOFF = 6
-- Totals run from 3 to 9: a cut-off of 3 would call everyone lonely, one above 9 no one.
M.CUTOFF_MIN, M.CUTOFF_MAX = 4, 9

--- The cut-off set for this store, checked: a bad setting refuses to score rather than
--- silently banding with something else.
---@return integer
function M.cutoff()
  local configured = kith.store.get("cutoff")
  if configured == nil then return M.DEFAULT_CUTOFF end
  local n = math.tointeger(tonumber(configured))
  if not n or n < M.CUTOFF_MIN or n > M.CUTOFF_MAX then
    error(("the cutoff setting must be a whole number from %d to %d, got %s; set it with 'kith plugins set ucla3 cutoff 6'")
      :format(M.CUTOFF_MIN, M.CUTOFF_MAX, tostring(configured)), 0)
  end
  return n
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
