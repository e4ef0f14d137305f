-- GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006; free to use). Over the last two weeks, how
-- often have you been bothered by the following problems?
local M = {}

M.BANDS = { { 15, "severe" }, { 10, "moderate" }, { 5, "mild" }, { 0, "minimal" } }

--- Total 0-21, banded at 5, 10 and 15.
function M.score(answers)
  local total = 0
  for i = 1, 7 do total = total + answers[tostring(i)] end
  for _, b in ipairs(M.BANDS) do
    if total >= b[1] then return { total = total, band = b[2], flags = {}, subscales = {} } end
  end
end

kith.assessments.define{
  codes = { system = "http://loinc.org", panel = "69737-5", total = "70274-6",
            display = "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]" },
  id = "gad7", title = "GAD-7", version = "1",
  choices = {
    { value = 0, label = "Not at all" }, { value = 1, label = "Several days" },
    { value = 2, label = "More than half the days" }, { value = 3, label = "Nearly every day" },
  },
  items = {
    { id = "1", text = "Feeling nervous, anxious, or on edge" },
    { id = "2", text = "Not being able to stop or control worrying" },
    { id = "3", text = "Worrying too much about different things" },
    { id = "4", text = "Trouble relaxing" },
    { id = "5", text = "Being so restless that it is hard to sit still" },
    { id = "6", text = "Becoming easily annoyed or irritable" },
    { id = "7", text = "Feeling afraid, as if something awful might happen" },
  },
  score = M.score,
}

return M
