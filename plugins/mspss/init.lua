-- MSPSS (Zimet, Dahlem, Zimet & Farley 1988; free to use). Each subscale and the total are
-- the mean of their items, 1 (very strongly disagree) to 7 (very strongly agree).
local M = {}

M.SUBSCALES = {
  significant_other = { 1, 2, 5, 10 },
  family = { 3, 4, 8, 11 },
  friends = { 6, 7, 9, 12 },
}

local function mean(answers, items)
  local sum = 0
  for _, i in ipairs(items) do sum = sum + answers[tostring(i)] end
  return sum / #items
end

--- Total and subscales as means; band low (below 3), moderate (3 to 5), high (above 5).
---@param answers table<string, integer>
---@return kith.Score
function M.score(answers)
  local all = {}
  for i = 1, 12 do all[i] = i end
  local total = mean(answers, all)
  local subscales = {}
  for name, items in pairs(M.SUBSCALES) do subscales[name] = mean(answers, items) end
  local band = total < 3 and "low" or (total <= 5 and "moderate" or "high")
  return { total = total, band = band, flags = {}, subscales = subscales }
end

local choices = {}
for v, label in ipairs({ "Very strongly disagree", "Strongly disagree", "Mildly disagree", "Neutral",
                          "Mildly agree", "Strongly agree", "Very strongly agree" }) do
  choices[v] = { value = v, label = label }
end

kith.assessments.define{
  instructions = "We are interested in how you feel about the following statements. Read each statement carefully. "
    .. "Indicate how you feel about each statement.",
  about = "Multidimensional Scale of Perceived Social Support (MSPSS). Zimet GD, Dahlem NW, Zimet SG, Farley GK. The "
    .. "Multidimensional Scale of Perceived Social Support. J Pers Assess 1988;52(1):30-41. Free to use without permission "
    .. "(its author's statement). No LOINC codes: exported with Kith's own code system (urn:kith:assessment).",
  id = "mspss", title = "MSPSS", version = "1", choices = choices,
  items = {
    { id = "1", text = "There is a special person who is around when I am in need." },
    { id = "2", text = "There is a special person with whom I can share my joys and sorrows." },
    { id = "3", text = "My family really tries to help me." },
    { id = "4", text = "I get the emotional help and support I need from my family." },
    { id = "5", text = "I have a special person who is a real source of comfort to me." },
    { id = "6", text = "My friends really try to help me." },
    { id = "7", text = "I can count on my friends when things go wrong." },
    { id = "8", text = "I can talk about my problems with my family." },
    { id = "9", text = "I have friends with whom I can share my joys and sorrows." },
    { id = "10", text = "There is a special person in my life who cares about my feelings." },
    { id = "11", text = "My family is willing to help me make decisions." },
    { id = "12", text = "I can talk about my problems with my friends." },
  },
  score = M.score,
}

return M
