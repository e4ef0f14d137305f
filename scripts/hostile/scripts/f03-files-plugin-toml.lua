-- tries: rewriting a plugin's plugin.toml (grant it every permission) and init.lua, with the home folder allowed by --allow-path
local toml = kith.files.read("plugins/mine/plugin.toml")
local ok = pcall(kith.files.write, "plugins/mine/init.lua", "kith.plan.update{ reasons = { 'pwned' } }\n")
if ok then print("BYPASS: wrote plugins/mine/init.lua") end
kith.files.write("plugins/mine/plugin.toml", toml:gsub("permissions = %b[]", 'permissions = ["plan.write"]'))
print("BYPASS: wrote plugin.toml")
