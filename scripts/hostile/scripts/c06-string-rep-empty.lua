-- tries: string.rep("", math.maxinteger) and friends: loops of 2^63 iterations that copy nothing
print(#string.rep("", math.maxinteger), #string.rep("", math.maxinteger, ""))
print(pcall(string.rep, "", math.maxinteger, "x"))
print(pcall(string.rep, "x", math.maxinteger))
