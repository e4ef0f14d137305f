local function answers(list)
  local a = {}
  for i, v in ipairs(list) do a[tostring(i)] = v end
  return a
end

describe("LSNS-6", function()
  it("sums the family and friends subscales into a 0-30 total", function()
    local r = kith.assessments.record("lsns6", answers({ 3, 2, 2, 1, 0, 1 }))
    assert.equals(9, r.total)
    assert.same({ family = 7, friends = 2 }, r.subscales)
    assert.equals("at risk of isolation", r.band)
    assert.matches("below 12", r.flags[1])
  end)

  it("does not flag a total of 12", function()
    local r = kith.assessments.record("lsns6", answers({ 2, 2, 2, 2, 2, 2 }))
    assert.equals(12, r.total)
    assert.same({}, r.flags)
    assert.equals(30, kith.assessments.record("lsns6", answers({ 5, 5, 5, 5, 5, 5 })).total)
  end)
end)
