-- tries: overwriting the store file and its -wal and -shm side files (relative, absolute and through kith.store_path)
for _, p in ipairs({ "data/kith.sqlite-wal", "data/kith.sqlite-shm", "data/kith.sqlite-journal", kith.store_path .. "-wal" }) do
  if pcall(kith.files.write, p, "garbage") then print("BYPASS: wrote " .. p) end
end
kith.files.write(kith.store_path, "SQLite format 3\0garbage")
print("BYPASS: wrote the store")
