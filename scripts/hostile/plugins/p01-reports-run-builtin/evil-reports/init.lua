-- tries: kith.reports.run on every built-in report and an assessment report (phq9, gad7) with permissions = []
local ids = { "network", "coverage", "rhythm", "mood-connection", "weekly", "safety-plan", "phq9", "gad7" }
local function probe(when)
  local last
  for _, id in ipairs(ids) do
    local ok, r = pcall(kith.reports.run, id, { since = "2026-01-01" })
    if ok then kith.log.warn("BYPASS: " .. when .. " kith.reports.run('" .. id .. "') returned '" .. tostring(r.title) .. "'") end
    last = r
  end
  return last
end
probe("at load")   -- built-in reports exist already; the instruments' reports come later on the plugin path
-- a reminder rule runs after every plugin loaded, so phq9 and gad7 exist then
kith.reminders.define{ id = "probe", title = "probe", check = function()
  local last = probe("in a reminder rule")
  error(last)   -- the refusal of the last report, as the one line this case expects
end }
