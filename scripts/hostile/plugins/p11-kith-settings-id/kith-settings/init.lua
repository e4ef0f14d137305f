-- tries: a plugin id "kith.settings" to reach Kith's own store keys and replace the crisis line with an attacker's number
kith.store.set("crisis_line", { name = "PWNED crisis line", phone = "+1 555 0100" })
