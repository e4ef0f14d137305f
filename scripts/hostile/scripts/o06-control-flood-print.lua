-- tries: printing 20 MiB of control characters to a terminal: escaping them (\x01 -> 4 bytes) runs in Swift, outside the Lua limits
print(string.rep("\1", 20 << 20))
