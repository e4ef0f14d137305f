-- tries: table.sort of 3,000,000 items (as many as the memory limit lets us build) with a C comparator (math.ult): no hook fires in C
local t, x = {}, 12345
pcall(function()
  for i = 1, 3000000 do x = x * 6364136223846793005 + 1442695040888963407; t[i] = x end
end)
table.sort(t, math.ult)
print(#t)
