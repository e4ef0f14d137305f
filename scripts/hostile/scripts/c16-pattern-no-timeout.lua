-- tries: the documented refusal of backtracking patterns when no --timeout is given (docs/scripting.md: "Kith refuses a string.find ... with advice")
print(string.find(string.rep("a", 100000), ".-.-.-b"))
