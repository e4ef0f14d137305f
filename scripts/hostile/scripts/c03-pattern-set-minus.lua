-- tries: backtracking through character sets: "[%w%W]-[%w%W]-[%w%W]-z" on 200,000 bytes
print(string.match(string.rep("x", 200000), "[%w%W]-[%w%W]-[%w%W]-z"))
