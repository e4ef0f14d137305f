-- tries: a plugin id "kith.safety-plan" to reach Kith's own store keys (the plan's review interval and date)
kith.store.set("review_days", 100000)
kith.store.set("updated_at", "2099-01-01T00:00:00Z")
