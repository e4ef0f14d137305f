-- GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006; free to use). Over the last two weeks, how
-- often have you been bothered by the following problems?
local M = {}

M.BANDS = { { 15, "severe" }, { 10, "moderate" }, { 5, "mild" }, { 0, "minimal" } }

--- M.BANDS as ranges of the total, lowest first ({ from = 0, to = 4, label = "minimal" }, ...),
--- for the shaded bands of the chart in `kith report gad7`.
---@param top number the highest total
---@return kith.Band[]
function M.ranges(top)
  local out = {}
  for i = #M.BANDS, 1, -1 do
    out[#out + 1] = { from = M.BANDS[i][1], to = i == 1 and top or M.BANDS[i - 1][1] - 1, label = M.BANDS[i][2] }
  end
  return out
end

--- Total 0-21, banded at 5, 10 and 15.
---@param answers table<string, integer>
---@return kith.Score
function M.score(answers)
  local total = kith.assessments.sum(answers, 7)
  return { total = total, band = kith.assessments.band(total, M.ranges(21)), flags = {}, subscales = {} }
end

kith.assessments.define{
  codes = { system = "http://loinc.org", panel = "69737-5", total = "70274-6",
            display = "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]" },
  bands = M.ranges(21),
  id = "gad7", title = "GAD-7", version = "1",
  instructions = "Over the last 2 weeks, how often have you been bothered by the following problems?",
  change = { response = 0.5, remission_below = 5, reliable = 4, reliability = 0.89, sd = 3.5,
             source = "remission below 5 (the 'minimal' band) and a 50% fall as response, as clinics commonly read the "
               .. "GAD-7 by its bands: Spitzer RL et al. Arch Intern Med 2006;166(10):1092-1097; reliable change of 4 "
               .. "points (a Jacobson-Truax reliable change index): NHS Talking Therapies (IAPT) Manual and Data Handbook; "
               .. "the reliable change index from Cronbach's alpha 0.89 and the standard deviation 3.5 (women; men 3.2) of "
               .. "the general population: Löwe B et al. Validation and standardization of the GAD-7 in the general "
               .. "population. Med Care 2008;46(3):266-274; a clinical sample's larger SD would ask for more points." },
  about = "Generalized Anxiety Disorder 7-item scale (GAD-7). Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure "
    .. "for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-1097. Developed with an "
    .. "educational grant from Pfizer Inc.; no permission is required to reproduce, translate, display or distribute it. "
    .. "Codes: LOINC panel 69737-5, items 69725-0, 68509-9, 69733-4, 69734-2, 69735-9, 69689-8, 69736-7, answers LA6568-5 "
    .. "to LA6571-9; the difficulty question carries Kith's own code.",
  choices = {
    { value = 0, label = "Not at all", code = "LA6568-5" }, { value = 1, label = "Several days", code = "LA6569-3" },
    { value = 2, label = "More than half the days", code = "LA6570-1" }, { value = 3, label = "Nearly every day", code = "LA6571-9" },
  },
  items = {
    { id = "1", code = "69725-0", text = "Feeling nervous, anxious, or on edge" },
    { id = "2", code = "68509-9", text = "Not being able to stop or control worrying" },
    { id = "3", code = "69733-4", text = "Worrying too much about different things" },
    { id = "4", code = "69734-2", text = "Trouble relaxing" },
    { id = "5", code = "69735-9", text = "Being so restless that it is hard to sit still" },
    { id = "6", code = "69689-8", text = "Becoming easily annoyed or irritable" },
    { id = "7", code = "69736-7", text = "Feeling afraid, as if something awful might happen" },
    { id = "difficulty", optional = true,
      text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
      choices = { { value = 0, label = "Not difficult at all" }, { value = 1, label = "Somewhat difficult" },
                  { value = 2, label = "Very difficult" }, { value = 3, label = "Extremely difficult" } } },
  },
  score = M.score,
}

return M
