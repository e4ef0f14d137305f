-- tries: redefining a built-in metric (stress) and a bundled plugin's (meetings_attended) with other kinds and ranges
pcall(kith.metrics.define, { id = "meetings_attended", name = "PWNED meetings", kind = "text" })
kith.metrics.define{ id = "stress", name = "PWNED stress", kind = "number", min = -1e9, max = 1e9 }
