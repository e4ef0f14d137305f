-- tries: kith.files.lines on a 200 MB file of newlines (200 million empty lines)
local n = 0
for _ in kith.files.lines("newlines.txt") do n = n + 1 end
print(n)
