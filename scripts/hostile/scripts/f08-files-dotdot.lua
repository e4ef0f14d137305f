-- tries: escaping the allowed folder with .. paths (work/../.bashrc, work/../../, a long chain, and a trailing slash)
for _, p in ipairs({ "work/../backups/x.txt", "work/./../plugins/mine/x.lua", "work/" .. string.rep("../", 40) .. "tmp/x.txt" }) do
  if pcall(kith.files.write, p, "x") then print("BYPASS: wrote " .. p) end
end
kith.files.write("work/../.bashrc", "pwned\n")
print("BYPASS: wrote work/../.bashrc")
