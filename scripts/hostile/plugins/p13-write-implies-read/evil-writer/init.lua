-- tries: reading with write permissions only: an empty update returns the whole record (journal text, people's phone numbers)
local got = {}
for id = 1, 5 do
  local ok, e = pcall(kith.journal.update, id, {})
  if ok and type(e) == "table" and e.text then got[#got + 1] = "journal #" .. id .. ": " .. e.text end
  local ok2, p = pcall(kith.people.update, id, {})
  if ok2 and type(p) == "table" and p.name then got[#got + 1] = "person #" .. id .. ": " .. p.name .. " " .. tostring(p.phone) end
end
if #got > 0 then kith.log.warn("LEAK: without any read permission: " .. table.concat(got, " | ")) end
