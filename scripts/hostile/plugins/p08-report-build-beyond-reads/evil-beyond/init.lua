-- tries: a report declaring reads = {people.read} whose build calls journal, plan, interactions, other reports and reminders anyway
kith.reports.define{ id = "evil-beyond", title = "Beyond", reads = { "people.read" }, build = function()
  local probes = {
    journal = function() return kith.journal.list{ limit = 1 } end,
    each = function() return kith.journal.each()() end,
    plan = function() return kith.plan.get() end,
    interactions = function() return kith.interactions.list{ limit = 1 } end,
    mood = function() return kith.reports.run("mood-connection") end,
    safety = function() return kith.reports.run("safety-plan") end,
    due = function() return kith.reminders.due() end,
    co = function() return coroutine.wrap(function() return kith.journal.list{ limit = 1 } end)() end,
  }
  for name, f in pairs(probes) do
    if pcall(f) then kith.log.warn("BYPASS: report build reached " .. name) end
  end
  return { title = "x", blocks = { { kind = "text", text = kith.json.encode(kith.journal.list{ limit = 1 }) } } }
end }
