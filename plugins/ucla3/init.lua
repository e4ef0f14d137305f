-- UCLA 3-item loneliness scale (Hughes, Waite, Hawkley & Cacioppo 2004; free to use).
-- The usual cut-off is 6; a clinic can set another with
--   kith plugins set ucla3 cutoff 7
local M = {}

M.DEFAULT_CUTOFF = 6

function M.cutoff()
  local configured = kith.store.get("cutoff")
  return tonumber(configured) or M.DEFAULT_CUTOFF
end

function M.score(answers)
  local total = answers["1"] + answers["2"] + answers["3"]
  local cutoff = M.cutoff()
  local lonely = total >= cutoff
  return { total = total, band = lonely and "lonely" or "not lonely",
           flags = lonely and { ("total %d at or above the cut-off %d: lonely"):format(total, cutoff) } or {}, subscales = {} }
end

kith.assessments.define{
  id = "ucla3", title = "UCLA 3-item loneliness scale", version = "1",
  choices = { { value = 1, label = "Hardly ever" }, { value = 2, label = "Some of the time" }, { value = 3, label = "Often" } },
  items = {
    { id = "1", text = "How often do you feel that you lack companionship?" },
    { id = "2", text = "How often do you feel left out?" },
    { id = "3", text = "How often do you feel isolated from others?" },
  },
  score = M.score,
}

return M
