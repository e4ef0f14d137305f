local function answers(list)
  local a = {}
  for i, v in ipairs(list) do a[tostring(i)] = v end
  return a
end

describe("PHQ-9", function()
  it("scores the published bands at their cut points", function()
    local cases = { { { 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, "minimal" }, { { 1, 1, 1, 1, 0, 0, 0, 0, 0 }, 4, "minimal" },
                    { { 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 5, "mild" }, { { 2, 2, 2, 2, 1, 0, 0, 0, 0 }, 9, "mild" },
                    { { 2, 2, 2, 2, 2, 0, 0, 0, 0 }, 10, "moderate" },
                    { { 3, 3, 3, 3, 3, 0, 0, 0, 0 }, 15, "moderately severe" },
                    { { 3, 3, 3, 3, 3, 3, 2, 0, 0 }, 20, "severe" }, { { 3, 3, 3, 3, 3, 3, 3, 3, 3 }, 27, "severe" } }
    for _, case in ipairs(cases) do
      local r = kith.assessments.record("phq9", answers(case[1]))
      assert.equals(case[2], r.total)
      assert.equals(case[3], r.band)
    end
  end)

  it("flags any answer above 0 on item 9, whatever the total", function()
    local r = kith.assessments.record("phq9", answers({ 0, 0, 0, 0, 0, 0, 0, 0, 1 }))
    assert.equals(1, r.total)
    assert.equals("minimal", r.band)
    assert.equals(1, #r.flags)
    assert.matches("item 9", r.flags[1])
    local calm = kith.assessments.record("phq9", answers({ 3, 3, 3, 3, 3, 3, 3, 3, 0 }))
    assert.same({}, calm.flags)
    assert.is_nil(calm.risk)
  end)

  it("words the risk by the answer given, and never diagnoses", function()
    local words = { "on several days", "on more than half the days", "nearly every day" }
    for value = 1, 3 do
      local r = kith.assessments.record("phq9", answers({ 0, 0, 0, 0, 0, 0, 0, 0, value }))
      assert.matches(words[value], r.risk)
      assert.matches(words[value], r.flags[1])
      assert.falsy(r.risk:find("depress"))
    end
  end)

  it("refuses a missing item and an answer outside the choices, naming the item", function()
    local short = answers({ 0, 0, 0, 0, 0, 0, 0, 0 })
    assert.has_error(function() kith.assessments.record("phq9", short) end, "no answer for item 9")
    assert.has_error(function() kith.assessments.record("phq9", answers({ 0, 0, 4, 0, 0, 0, 0, 0, 0 })) end,
                     "item 3: 4 is not one of the choices")
  end)
end)
