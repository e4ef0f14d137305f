-- tries: reading and overwriting a backup .sqlite (a copy of the whole store) under an allowed folder
local ok, data = pcall(kith.files.read, "backups/kith-backup.sqlite")
if ok then print("LEAK: read the backup, " .. #data .. " bytes") end
kith.files.write("backups/kith-backup.sqlite", "not a database any more")
print("BYPASS: overwrote the backup")
