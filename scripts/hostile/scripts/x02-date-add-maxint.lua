-- tries: kith.date.add(today, math.maxinteger), then mininteger, NaN and huge floats: integer overflow in the day arithmetic
for _, d in ipairs({ math.mininteger, -1 << 62, 1 << 62, 0/0, 1e300, -0.0 }) do pcall(kith.date.add, kith.today(), d) end
pcall(kith.date.diff, "9999-12-31", "0001-01-01")
print(kith.date.add(kith.today(), math.maxinteger))
