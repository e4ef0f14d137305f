-- tries: require outside the script's folder: dotted climbs, absolute names, a symlinked module pointing outside
for _, name in ipairs({ "..bashrc", "/etc/passwd", "...x", "lib..x", "a/b" }) do
  if pcall(require, name) then print("BYPASS: require " .. name) end
end
require("evilmod")   -- evilmod.lua is a symlink to ../.bashrc in this folder
print("BYPASS: required a module from outside the folder")
