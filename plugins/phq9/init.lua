-- PHQ-9 (Kroenke, Spitzer & Williams 2001; free to use). Over the last two weeks, how often
-- have you been bothered by any of the following problems?
local M = {}

M.BANDS = { { 20, "severe" }, { 15, "moderately severe" }, { 10, "moderate" }, { 5, "mild" }, { 0, "minimal" } }

--- M.BANDS as ranges of the total, lowest first ({ from = 0, to = 4, label = "minimal" }, ...),
--- for the shaded bands of the chart in `kith report phq9`.
---@param top number the highest total
---@return kith.Band[]
function M.ranges(top)
  local out = {}
  for i = #M.BANDS, 1, -1 do
    out[#out + 1] = { from = M.BANDS[i][1], to = i == 1 and top or M.BANDS[i - 1][1] - 1, label = M.BANDS[i][2] }
  end
  return out
end

-- How often, in the words of the item's own choices.
M.HOW_OFTEN = { "on several days", "on more than half the days", "nearly every day" }

--- Total 0-27; band by the published cut points; any answer above 0 on item 9 is flagged
--- whatever the total, because it asks about thoughts of self-harm. Then `risk` tells the person,
--- in the words of their own answer, and Kith shows who to reach and a crisis line.
---@param answers table<string, integer>
---@return kith.Score
function M.score(answers)
  local total = kith.assessments.sum(answers, 9)
  local band = kith.assessments.band(total, M.ranges(27))
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
  bands = M.ranges(27),
  id = "phq9", title = "PHQ-9", version = "1",
  instructions = "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
  change = { response = 0.5, remission_below = 5, significant = 5, reliable = 6, reliability = 0.84, sd = 3.5,
             source = "response and remission: Kroenke K, Spitzer RL. The PHQ-9: a new depression diagnostic and severity "
               .. "measure. Psychiatr Ann 2002;32(9):509-515; a 5-point change: Löwe B, Unützer J, Callahan CM, Perkins AJ, "
               .. "Kroenke K. Monitoring depression treatment outcomes with the PHQ-9. Med Care 2004;42(12):1194-1201; reliable change "
               .. "of 6 points (a Jacobson-Truax reliable change index): NHS Talking Therapies (IAPT) Manual and Data Handbook; "
               .. "the reliable change index from the 48-hour test-retest reliability 0.84 (Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med "
               .. "2001;16(9):606-613) and the "
               .. "standard deviation 3.5 of the general population (Kocalevent RD, Hinz A, Brähler E. Standardization of the "
               .. "depression screener PHQ-9 in the general population. Gen Hosp Psychiatry 2013;35(5):551-555); a clinical "
               .. "sample's larger SD would ask for more points, as the 6-point threshold does." },
  about = "Patient Health Questionnaire (PHQ-9). Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief "
    .. "depression severity measure. J Gen Intern Med 2001;16(9):606-613. Developed by Drs. Robert L. Spitzer, Janet B.W. "
    .. "Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc.; no permission is required to "
    .. "reproduce, translate, display or distribute it. Codes: LOINC panel 44249-1, items 44250-9 to 44260-8, answers "
    .. "LA6568-5 to LA6571-9, difficulty 69722-7.",
  choices = {
    { value = 0, label = "Not at all", code = "LA6568-5" }, { value = 1, label = "Several days", code = "LA6569-3" },
    { value = 2, label = "More than half the days", code = "LA6570-1" }, { value = 3, label = "Nearly every day", code = "LA6571-9" },
  },
  items = {
    { id = "1", code = "44250-9", text = "Little interest or pleasure in doing things" },
    { id = "2", code = "44255-8", text = "Feeling down, depressed, or hopeless" },
    { id = "3", code = "44259-0", text = "Trouble falling or staying asleep, or sleeping too much" },
    { id = "4", code = "44254-1", text = "Feeling tired or having little energy" },
    { id = "5", code = "44251-7", text = "Poor appetite or overeating" },
    { id = "6", code = "44258-2", text = "Feeling bad about yourself, or that you are a failure or have let yourself or your family down" },
    { id = "7", code = "44252-5", text = "Trouble concentrating on things, such as reading the newspaper or watching television" },
    { id = "8", code = "44253-3", text = "Moving or speaking so slowly that other people could have noticed, or the opposite: being so fidgety or restless that you have been moving around a lot more than usual" },
    { id = "9", code = "44260-8", observed = true, text = "Thoughts that you would be better off dead, or of hurting yourself in some way" },
    -- Asked after the nine, not part of the total.
    { id = "difficulty", code = "69722-7", optional = true,
      text = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?",
      choices = { { value = 0, label = "Not difficult at all", code = "LA6572-7" }, { value = 1, label = "Somewhat difficult", code = "LA6573-5" },
                  { value = 2, label = "Very difficult", code = "LA6574-3" }, { value = 3, label = "Extremely difficult", code = "LA6575-0" } } },
  },
  score = M.score,
}

return M
