-- Imports a clinic's intake spreadsheet (CSV) into the network.
--   kith run scripts/examples/import-clinic-csv.lua intake.csv
-- Columns: name,type,circle,phone,email,provides (provides separated by ';').
-- People already in the network (same name) are left as they are, so running it twice
-- adds nothing new. Use --dry-run first to see what it would add.
local path = arg[1] or error("usage: kith run import-clinic-csv.lua FILE.csv", 0)

-- Splits one CSV line; handles quoted fields with commas and doubled quotes.
local function split_csv(line)
  local fields, i, n = {}, 1, #line
  while i <= n + 1 do
    if line:sub(i, i) == '"' then
      local value, j = {}, i + 1
      while j <= n do
        local c = line:sub(j, j)
        if c == '"' and line:sub(j + 1, j + 1) == '"' then value[#value + 1] = '"'; j = j + 2
        elseif c == '"' then break
        else value[#value + 1] = c; j = j + 1 end
      end
      fields[#fields + 1] = table.concat(value)
      i = j + 2
    else
      local stop = line:find(",", i, true) or n + 1
      fields[#fields + 1] = line:sub(i, stop - 1)
      i = stop + 1
    end
  end
  return fields
end

local function blank_to_nil(s)
  if s == nil or s:match("^%s*$") then return nil end
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

local header, added, kept = nil, 0, 0
local row = 0
for line in kith.files.lines(path) do
  row = row + 1
  if not header then
    header = split_csv(line)
  elseif not line:match("^%s*$") then
    local cells, record = split_csv(line), {}
    for k, name in ipairs(header) do record[name] = blank_to_nil(cells[k]) end
    if not record.name then error(("%s:%d: the name column is empty"):format(path, row), 0) end
    if kith.people.get(record.name) then
      kept = kept + 1
    else
      local provides = {}
      for word in (record.provides or ""):gmatch("[^;%s]+") do provides[#provides + 1] = word end
      kith.people.add{
        name = record.name, type = record.type or "professional", circle = record.circle,
        phone = record.phone, email = record.email, provides = #provides > 0 and provides or nil,
      }
      added = added + 1
    end
  end
end
print(("Imported %d people from %s (%d were already in the network)."):format(added, path, kept))
