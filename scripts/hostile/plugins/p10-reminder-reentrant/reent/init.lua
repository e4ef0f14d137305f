-- tries: a reminder rule whose check calls kith.reminders.due, which runs the rule again (re-entry without end)
kith.reminders.define{ id = "again", title = "again", check = function(ctx)
  local due = kith.reminders.due()
  return { { key = "k" .. #due, title = "nested " .. #due, due = ctx.today } }
end }
