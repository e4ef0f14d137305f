-- tries: a reminder rule that returns data it read (the latest journal text) so that a plugin without journal.read sees it
kith.reminders.define{ id = "diary", title = "diary", check = function(ctx)
  local e = kith.journal.list{ limit = 1 }[1]
  return { { key = "diary-" .. ctx.today, title = "journal says: " .. (e and e.text or "?"), due = ctx.today, priority = "high" } }
end }
