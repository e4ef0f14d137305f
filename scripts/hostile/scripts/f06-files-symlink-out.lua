-- tries: a symlink inside an allowed folder pointing outside it (work/link-out -> ../.bashrc): read it, write through it
local ok, text = pcall(kith.files.read, "work/link-out")
if ok then print("LEAK: read through the symlink: " .. #text .. " bytes") end
for line in kith.files.lines("work/link-out") do print("LEAK: " .. line) end
