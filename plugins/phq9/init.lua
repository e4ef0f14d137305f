-- PHQ-9 (Kroenke, Spitzer & Williams 2001; free to use). Over the last two weeks, how often
-- have you been bothered by any of the following problems?
local M = {}

M.BANDS = { { 20, "severe" }, { 15, "moderately severe" }, { 10, "moderate" }, { 5, "mild" }, { 0, "minimal" } }

-- How often, in the words of the item's own choices.
M.HOW_OFTEN = { "on several days", "on more than half the days", "nearly every day" }

--- Total 0-27; band by the published cut points; any answer above 0 on item 9 is flagged
--- whatever the total, because it asks about thoughts of self-harm. Then `risk` tells the person,
--- in the words of their own answer, and Kith shows who to reach and a crisis line.
function M.score(answers)
  local total = 0
  for i = 1, 9 do total = total + answers[tostring(i)] end
  local band
  for _, b in ipairs(M.BANDS) do
    if total >= b[1] then band = b[2]; break end
  end
  local flags, risk = {}, nil
  local item9 = answers["9"]
  if item9 > 0 then
    local how = M.HOW_OFTEN[item9]
    flags[#flags + 1] = "item 9: thoughts of being better off dead or of self-harm " .. how
    risk = "You said that thoughts of being better off dead, or of hurting yourself, came " .. how
      .. " over the last two weeks. You do not have to carry that alone: please reach someone today,"
      .. " and tell your clinician."
  end
  return { total = total, band = band, flags = flags, subscales = {}, risk = risk }
end

kith.assessments.define{
  codes = { system = "http://loinc.org", panel = "44249-1", total = "44261-6",
            display = "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]" },
  id = "phq9", title = "PHQ-9", version = "1",
  choices = {
    { value = 0, label = "Not at all" }, { value = 1, label = "Several days" },
    { value = 2, label = "More than half the days" }, { value = 3, label = "Nearly every day" },
  },
  items = {
    { id = "1", text = "Little interest or pleasure in doing things" },
    { id = "2", text = "Feeling down, depressed, or hopeless" },
    { id = "3", text = "Trouble falling or staying asleep, or sleeping too much" },
    { id = "4", text = "Feeling tired or having little energy" },
    { id = "5", text = "Poor appetite or overeating" },
    { id = "6", text = "Feeling bad about yourself, or that you are a failure or have let yourself or your family down" },
    { id = "7", text = "Trouble concentrating on things, such as reading the newspaper or watching television" },
    { id = "8", text = "Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety or restless that you have been moving around a lot more than usual" },
    { id = "9", text = "Thoughts that you would be better off dead, or of hurting yourself in some way" },
  },
  score = M.score,
}

return M
