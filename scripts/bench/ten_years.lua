-- Ten years of a person's data, for the web benchmark (scripts/bench_web.py).
local types = { "family", "friend", "peer", "professional", "community" }
for n = 0, 9 do kith.people.add{ name = "Person " .. n, type = types[n % 5 + 1], crisis = n == 0, phone = "+1 555 01" .. n .. "0" } end
local today = kith.today()
for back = 0, 3649 do
  kith.journal.add{ at = kith.date.add(today, -back) .. "T21:00:00Z", mood = 1 + (back * 7) % 5, text = "Day " .. back,
    tags = back % 3 == 0 and { "group" } or {} }
end
for k = 0, 19999 do
  kith.interactions.log{ person = "Person " .. (k % 10), channel = "call",
    at = kith.date.add(today, -(k % 3650)) .. "T12:00:00Z" }
end
