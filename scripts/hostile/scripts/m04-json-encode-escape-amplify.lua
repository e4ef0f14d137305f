-- tries: kith.json.encode of 5 references to an 8 MiB string of control bytes: 40 MiB in, 240 MiB of "\u0001" out, built outside the Lua limit
local s = string.rep("\1", 8 << 20)
print(#kith.json.encode({ s, s, s, s, s }))
