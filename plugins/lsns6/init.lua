-- LSNS-6 (Lubben et al. 2006). Three items about family, three about friends, each coded
-- 0 (none) to 5 (nine or more); total 0-30; below 12 marks risk of social isolation.
local M = {}

M.AT_RISK_BELOW = 12
-- Lubben et al. 2006: a family or friends subscale below 6 marks a thin network on that side.
M.SUBSCALE_BELOW = 6

---@param answers table<string, integer>
---@return kith.Score
function M.score(answers)
  local family = answers["1"] + answers["2"] + answers["3"]
  local friends = answers["4"] + answers["5"] + answers["6"]
  local total = family + friends
  local at_risk = total < M.AT_RISK_BELOW
  local flags = {}
  if at_risk then flags[#flags + 1] = ("total %d below %d: at risk of social isolation"):format(total, M.AT_RISK_BELOW) end
  if family < M.SUBSCALE_BELOW then flags[#flags + 1] = ("family subscale %d below %d: few family ties"):format(family, M.SUBSCALE_BELOW) end
  if friends < M.SUBSCALE_BELOW then flags[#flags + 1] = ("friends subscale %d below %d: few friendship ties"):format(friends, M.SUBSCALE_BELOW) end
  return { total = total, band = at_risk and "at risk of isolation" or "not at risk", flags = flags,
           subscales = { family = family, friends = friends } }
end

kith.assessments.define{
  id = "lsns6", title = "LSNS-6", version = "1",
  instructions = "Questions 1 to 3 are about family: consider the people to whom you are related by birth, marriage, "
    .. "adoption, etc. Questions 4 to 6 are about friends: consider all of your friends, including those who live in your "
    .. "neighborhood.",
  about = "Abbreviated Lubben Social Network Scale (LSNS-6). Lubben J, Blozik E, Gillmann G, Iliffe S, von Renteln Kruse W, "
    .. "Beck JC, Stuck AE. Performance of an abbreviated version of the Lubben Social Network Scale among three European "
    .. "community-dwelling older adult populations. Gerontologist 2006;46(4):503-513. The scale's authors ask users to cite it; "
    .. "it is free for clinical and research use. No LOINC codes: exported with Kith's own code system (urn:kith:assessment).",
  choices = { { value = 0, label = "None" }, { value = 1, label = "One" }, { value = 2, label = "Two" },
              { value = 3, label = "Three or four" }, { value = 4, label = "Five to eight" }, { value = 5, label = "Nine or more" } },
  items = {
    { id = "1", text = "FAMILY: How many relatives do you see or hear from at least once a month?" },
    { id = "2", text = "How many relatives do you feel at ease with that you can talk about private matters?" },
    { id = "3", text = "How many relatives do you feel close to such that you could call on them for help?" },
    { id = "4", text = "FRIENDSHIPS: How many of your friends do you see or hear from at least once a month?" },
    { id = "5", text = "How many friends do you feel at ease with that you can talk about private matters?" },
    { id = "6", text = "How many friends do you feel close to such that you could call on them for help?" },
  },
  score = M.score,
}

return M
