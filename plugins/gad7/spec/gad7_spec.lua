local function answers(list)
  local a = {}
  for i, v in ipairs(list) do a[tostring(i)] = v end
  return a
end

describe("GAD-7", function()
  it("scores the published bands at their cut points", function()
    local cases = { { { 0, 0, 0, 0, 0, 0, 0 }, 0, "minimal" }, { { 1, 1, 1, 1, 0, 0, 0 }, 4, "minimal" },
                    { { 1, 1, 1, 1, 1, 0, 0 }, 5, "mild" }, { { 2, 2, 2, 2, 1, 0, 0 }, 9, "mild" },
                    { { 2, 2, 2, 2, 2, 0, 0 }, 10, "moderate" }, { { 3, 3, 3, 2, 2, 1, 0 }, 14, "moderate" },
                    { { 3, 3, 3, 3, 3, 0, 0 }, 15, "severe" }, { { 3, 3, 3, 3, 3, 3, 3 }, 21, "severe" } }
    for _, case in ipairs(cases) do
      local r = kith.assessments.record("gad7", answers(case[1]))
      assert.equals(case[2], r.total)
      assert.equals(case[3], r.band)
    end
  end)

  it("refuses an eighth answer", function()
    local a = answers({ 0, 0, 0, 0, 0, 0, 0 })
    a["8"] = 1
    assert.has_error(function() kith.assessments.record("gad7", a) end, "does not have")
  end)
end)
