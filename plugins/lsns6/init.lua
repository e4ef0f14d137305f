-- LSNS-6 (Lubben et al. 2006). Three items about family, three about friends, each coded
-- 0 (none) to 5 (nine or more); total 0-30; below 12 marks risk of social isolation.
local M = {}

M.AT_RISK_BELOW = 12

function M.score(answers)
  local family = answers["1"] + answers["2"] + answers["3"]
  local friends = answers["4"] + answers["5"] + answers["6"]
  local total = family + friends
  local at_risk = total < M.AT_RISK_BELOW
  return { total = total, band = at_risk and "at risk of isolation" or "not at risk",
           flags = at_risk and { ("total %d below %d: at risk of social isolation"):format(total, M.AT_RISK_BELOW) } or {},
           subscales = { family = family, friends = friends } }
end

kith.assessments.define{
  id = "lsns6", title = "LSNS-6", version = "1",
  choices = { { value = 0, label = "None" }, { value = 1, label = "One" }, { value = 2, label = "Two" },
              { value = 3, label = "Three or four" }, { value = 4, label = "Five to eight" }, { value = 5, label = "Nine or more" } },
  items = {
    { id = "1", text = "How many relatives do you see or hear from at least once a month?" },
    { id = "2", text = "How many relatives do you feel at ease with that you can talk about private matters?" },
    { id = "3", text = "How many relatives do you feel close to such that you could call on them for help?" },
    { id = "4", text = "How many of your friends do you see or hear from at least once a month?" },
    { id = "5", text = "How many friends do you feel at ease with that you can talk about private matters?" },
    { id = "6", text = "How many friends do you feel close to such that you could call on them for help?" },
  },
  score = M.score,
}

return M
