describe("twelve-step", function()
  it("defines the sponsor support type with a three-day cadence", function()
    local dee = kith.people.add{ name = "Dee", type = "sponsor" }
    assert.equals(3, dee.cadence_days)
    assert.same({ "emotional", "informational" }, dee.provides)
    local sponsor
    for _, t in ipairs(kith.support_types.list()) do if t.id == "sponsor" then sponsor = t end end
    assert.equals("twelve-step", sponsor.plugin)
  end)

  it("accepts meetings_attended and refuses out-of-range counts", function()
    local e = kith.journal.add{ metrics = { meetings_attended = 2 } }
    assert.equals(2, e.metrics.meetings_attended)
    assert.has_error(function() kith.journal.add{ metrics = { meetings_attended = 11 } } end, "from 0 to 10")
  end)

  it("tags entries that record a meeting", function()
    local e = kith.journal.add{ mood = 4, metrics = { meetings_attended = 1 } }
    assert.same({ "meeting" }, kith.journal.get(e.id).tags)
  end)

  it("tags step work found in the text", function()
    local e = kith.journal.add{ text = "Worked on Step 4 with Dee tonight.", tags = { "evening" } }
    assert.same({ "evening", "step-work" }, kith.journal.get(e.id).tags)
  end)

  it("leaves other entries untouched", function()
    local e = kith.journal.add{ mood = 3, text = "Quiet day." }
    assert.same({}, kith.journal.get(e.id).tags)
  end)

  it("counts group meetings per week", function()
    kith.people.add{ name = "Harbor Group", type = "peer", kind = "group" }
    kith.interactions.log{ person = "Harbor Group", channel = "group_meeting", at = "2026-03-03T19:00:00Z" }
    kith.interactions.log{ person = "Harbor Group", channel = "group_meeting", at = "2026-03-05T19:00:00Z" }
    kith.interactions.log{ person = "Harbor Group", channel = "call", at = "2026-03-05T20:00:00Z" }
    assert.same({ ["2026-03-02"] = 2 }, kith.store.get("meetings_by_week"))
  end)
end)
