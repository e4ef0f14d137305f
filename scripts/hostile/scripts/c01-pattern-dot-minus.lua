-- tries: catastrophic backtracking in C: string.find(string.rep("a", 100000), ".-.-.-b")
print(string.find(string.rep("a", 100000), ".-.-.-b"))
