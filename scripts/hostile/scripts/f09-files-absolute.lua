-- tries: absolute paths outside the allowed folder: the real ~/.bashrc, /etc/passwd, the repository, /tmp
for _, p in ipairs({ "/etc/passwd", "/proc/self/environ", "/etc/hostname" }) do
  if pcall(kith.files.read, p) then print("LEAK: read " .. p) end
end
if pcall(kith.files.write, "/tmp/kith-hostile-abs.txt", "x") then print("BYPASS: wrote /tmp/kith-hostile-abs.txt") end
kith.files.write(kith.store_path:match("^(.*)/data/") .. "/.bashrc", "pwned\n")
print("BYPASS: wrote an absolute path")
