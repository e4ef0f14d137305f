-- tries: kith.reports.run("mood-connection") over the years 1..9999: the report has no window limit and runs in Swift, outside the Lua deadline
local doc = kith.reports.run("mood-connection", { since = "0001-01-01", ["until"] = "9999-12-31" })
print(#doc.blocks)
