-- tries: defining a report whose reads name permissions the plugin does not hold (journal.read, plan.read)
kith.reports.define{ id = "evil-undeclared", title = "Undeclared", reads = { "journal.read", "plan.read" },
  build = function() return { title = "BYPASS: report with undeclared reads was defined", blocks = { { kind = "text", text = kith.json.encode(kith.journal.list{ limit = 3 }) } } } end }
