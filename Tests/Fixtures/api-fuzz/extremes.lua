-- Calls one kith.* function (arg[1], e.g. "kith.date.add") with extreme arguments, each call
-- under pcall; prints "call N" before each so a crash names the call that caused it.
-- Every call must end in a result or a clean Lua error: the process must never die.
local name = arg[1]
local fn = kith
for part in name:gmatch("[^.]+") do if part ~= "kith" then fn = fn[part] end end
assert(type(fn) == "function", name .. " is not a function")

local deep = {}
do local t = deep for _ = 1, 300 do t[1] = {}; t = t[1] end end
local cyclic = {}; cyclic.self = cyclic; cyclic[1] = cyclic
local big = string.rep("x", 1 << 20)
local scalars = {
  math.maxinteger, math.mininteger, -1, 0, 1 << 62, -(1 << 62), 0/0, 1/0, -1/0, -0.0, 1e308, 5e-324, 2^63,
  "", big, "\0\255\254", "a\0b", "\xff\xfe", "\xed\xa0\x80", "2026-02-30", "9999-12-31", "0000-01-01",
  "-0001-01-01", "2026-01-01T25:61:61Z", "2026-03-01T10:00:00+99:99", string.rep("9", 400),
  true, false, print, coroutine.create(function() end),
}
local tables = {
  {}, deep, cyclic, { [1 << 40] = 1 }, { [math.maxinteger] = true }, { [-1] = 1 }, { [0] = 1 },
  { [string.rep("k", 100000)] = 1 }, { 1, 2, nil, 4 }, { 1, a = 2 }, { [1.5] = 1 }, { [true] = 1 },
  setmetatable({}, { __index = function() error("metamethod ran") end, __len = function() error("len ran") end }),
}
local fields = { "id", "name", "type", "kind", "provides", "circle", "cadence_days", "phone", "email", "notes", "crisis",
  "at", "since", "until", "limit", "mood", "text", "tags", "metrics", "people", "person", "channel", "received", "gave",
  "helpfulness", "note", "title", "starts", "duration_minutes", "repeat", "remind_minutes_before", "freq", "interval",
  "byday", "count", "description", "dimensions", "default_cadence_days", "min", "max", "build", "check", "score",
  "choices", "items", "version", "reads", "import", "assessment", "archived", "key", "value", "warning_signs", "reasons" }
local values = {}
for _, v in ipairs(scalars) do values[#values + 1] = v end
for _, v in ipairs(tables) do values[#values + 1] = v end
local function filled(v)
  local t = {}
  for _, f in ipairs(fields) do t[f] = v end
  return t
end
local n = 0
local function try(...)
  n = n + 1
  io_line = "call " .. n
  print(io_line)
  local ok, err = pcall(fn, ...)
  if not ok and type(err) == "string" and err:find("table: 0x", 1, true) then
    print("LEAK " .. err)
  end
end
try()
for _, v in ipairs(values) do
  try(v)
  try(v, v)
  try(filled(v))
  try("2026-01-01", v)
  try(v, filled(v))
  try(1, v, v)
end
print("done " .. n)
