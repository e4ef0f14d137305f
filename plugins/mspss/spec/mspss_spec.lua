local function answers(list)
  local a = {}
  for i, v in ipairs(list) do a[tostring(i)] = v end
  return a
end

describe("MSPSS", function()
  it("scores each subscale as the mean of its items and the total as the mean of all twelve", function()
    -- significant other (1,2,5,10) all 7; family (3,4,8,11) all 1; friends (6,7,9,12) 4,5,6,5
    local r = kith.assessments.record("mspss", answers({ 7, 7, 1, 1, 7, 4, 5, 1, 6, 7, 1, 5 }))
    assert.equals(7, r.subscales.significant_other)
    assert.equals(1, r.subscales.family)
    assert.equals(5, r.subscales.friends)
    assert.equals(52 / 12, r.total)
    assert.equals("moderate", r.band)
  end)

  it("bands low and high totals", function()
    assert.equals("low", kith.assessments.record("mspss", answers({ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 })).band)
    assert.equals("high", kith.assessments.record("mspss", answers({ 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 })).band)
  end)

  it("refuses a 0, which is not on the 1 to 7 scale", function()
    assert.has_error(function() kith.assessments.record("mspss", answers({ 0, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 })) end,
                     "item 1: 0 is not one of the choices")
  end)
end)
