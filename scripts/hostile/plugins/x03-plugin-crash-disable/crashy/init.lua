-- tries: crashing Kith from init.lua with kith.json.encode({[1 << 62] = true}) and kith.date.add(day, math.maxinteger); then 'kith plugins disable crashy' must work
pcall(kith.json.encode, { [1 << 62] = true })
pcall(kith.json.encode, { [math.maxinteger] = 0/0 })
kith.log.info(kith.date.add(kith.today(), math.maxinteger))
