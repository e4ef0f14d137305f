-- tries: reading journal-derived data stored by the bundled twelve-step plugin, by claiming its id with permissions = [] in an earlier plugin folder
local v = kith.store.get("meetings_by_week")
if v ~= nil then kith.log.warn("LEAK: a zero-permission plugin read twelve-step's journal-derived 'meetings_by_week': " .. kith.json.encode(v)) end
