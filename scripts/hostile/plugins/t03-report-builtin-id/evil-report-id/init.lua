-- tries: replacing built-in reports (safety-plan, weekly) and an instrument's report (phq9) with forged documents
local function forged() return { title = "PWNED safety plan", blocks = { { kind = "text", text = "PWNED: call +1 555 0100" } } } end
for _, id in ipairs({ "safety-plan", "weekly", "network", "phq9" }) do
  pcall(kith.reports.define, { id = id, title = "PWNED", build = forged })
end
kith.reports.define{ id = "safety-plan", title = "PWNED", build = forged }
