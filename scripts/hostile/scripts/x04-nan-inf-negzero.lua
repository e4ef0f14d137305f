-- tries: NaN, +-inf and -0.0 in every numeric field of the API; every call must be refused or handled, nothing stored, no crash
local nan, inf = 0/0, math.huge
local bad = { nan, inf, -inf, -0.0, math.mininteger, math.maxinteger, 2^63, -2^63 }
local accepted = {}
local function try(name, f, ...)
  local ok = pcall(f, ...)
  if ok then accepted[#accepted + 1] = name end
end
for i, v in ipairs(bad) do
  try("mood" .. i, kith.journal.add, { mood = v, text = "nan test" })
  try("metric" .. i, kith.journal.add, { metrics = { sleep_hours = v }, text = "nan test" })
  try("metric-int" .. i, kith.journal.add, { metrics = { stress = v }, text = "nan test" })
  try("cadence" .. i, kith.people.add, { name = "NaN " .. i, type = "friend", cadence_days = v })
  try("help" .. i, kith.interactions.log, { person = 1, helpfulness = v })
  try("person-id" .. i, kith.interactions.log, { person = v })
  try("dur" .. i, kith.schedule.add, { title = "nan", starts = "2026-03-11T10:00:00Z", duration_minutes = v })
  try("remind" .. i, kith.schedule.add, { title = "nan", starts = "2026-03-11T10:00:00Z", remind_minutes_before = v })
  try("interval" .. i, kith.schedule.add, { title = "nan", starts = "2026-03-11T10:00:00Z", ["repeat"] = { freq = "daily", interval = v } })
  try("count" .. i, kith.schedule.add, { title = "nan", starts = "2026-03-11T10:00:00Z", ["repeat"] = { freq = "daily", count = v } })
  try("limit" .. i, kith.journal.list, { limit = v })
  try("get" .. i, kith.journal.get, v)
  try("remove" .. i, kith.schedule.remove, v)
  try("assess" .. i, kith.assessments.record, "phq9", { ["1"] = v, ["2"] = 0, ["3"] = 0, ["4"] = 0, ["5"] = 0, ["6"] = 0, ["7"] = 0, ["8"] = 0, ["9"] = 0 })
  try("metricdef" .. i, kith.metrics.define, { id = "nanmetric" .. i, name = "n", kind = "number", min = v, max = v })
  pcall(kith.json.encode, { v })
  pcall(kith.store.set, "nan" .. i, v)
end
-- refusals are expected; "accepted" lists the calls Kith took (the runner also compares the store before and after)
print("accepted: " .. table.concat(accepted, ","))
