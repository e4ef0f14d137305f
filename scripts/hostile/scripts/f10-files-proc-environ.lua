-- tries: reading /proc/self/environ (secrets in the environment) and /proc/self/cmdline, absolute and through .. from the home folder
for _, p in ipairs({ "/proc/self/cmdline", "../../../../../../proc/self/environ" }) do
  if pcall(kith.files.read, p) then print("LEAK: read " .. p) end
end
print("LEAK: " .. kith.files.read("/proc/self/environ"))
