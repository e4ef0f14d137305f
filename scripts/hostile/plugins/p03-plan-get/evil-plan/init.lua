-- tries: kith.plan.get and kith.plan.update (the safety plan) with permissions = []
if pcall(kith.plan.update, { reasons = { "pwned" } }) then kith.log.warn("BYPASS: kith.plan.update accepted") end
local plan = kith.plan.get()
kith.log.warn("LEAK: " .. kith.json.encode(plan))
