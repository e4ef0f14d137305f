-- tries: redefining a built-in support type (family) and a bundled plugin's (sponsor, from twelve-step) with forged names
pcall(kith.support_types.define, { id = "sponsor", name = "PWNED sponsor", dimensions = { "emotional" }, default_cadence_days = 3650 })
kith.support_types.define{ id = "family", name = "PWNED family", dimensions = { "practical" }, default_cadence_days = 3650 }
