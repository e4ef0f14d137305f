-- Archives people you have not been in touch with for a long time (default 365 days).
-- Archived people keep their history and come back with `kith people restore NAME`
-- (or kith.people.update(name, { archived = false })).
--   kith run --dry-run scripts/examples/archive-unseen.lua [DAYS]
local days = tonumber(arg[1] or "365")
if not days or days < 1 then error("usage: archive-unseen.lua [DAYS], DAYS a positive number", 0) end
local today = kith.today()
local archived = 0
for _, p in ipairs(kith.people.list()) do
  -- Crisis contacts stay, however long it has been: they are there for the bad day.
  local seen = p.last_interaction_at or p.created_at
  local idle = kith.date.diff(today, seen:sub(1, 10))
  if not p.crisis and idle >= days then
    kith.people.archive(p.id)
    archived = archived + 1
    print(("Archived %s (last contact %d days ago)"):format(p.name, idle))
  end
end
print(("%d archived."):format(archived))
