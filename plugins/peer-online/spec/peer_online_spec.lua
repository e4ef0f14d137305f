describe("peer-online", function()
  before_each(function()
    if not kith.people.get("Rae") then kith.people.add{ name = "Rae", type = "online-peer" } end
  end)

  it("defines the online-peer support type", function()
    local rae = kith.people.get("Rae")
    assert.equals("online-peer", rae.type)
    assert.equals(7, rae.cadence_days)
  end)

  it("tags long days online", function()
    local heavy = kith.journal.add{ metrics = { online_minutes = 240 } }
    local light = kith.journal.add{ metrics = { online_minutes = 30 } }
    assert.same({ "online-heavy" }, kith.journal.get(heavy.id).tags)
    assert.same({}, kith.journal.get(light.id).tags)
  end)

  it("refuses more minutes than a day has", function()
    assert.has_error(function() kith.journal.add{ metrics = { online_minutes = 2000 } } end, "online_minutes")
  end)

  it("counts online and offline contact per week", function()
    kith.interactions.log{ person = "Rae", channel = "online", at = "2026-03-03T10:00:00Z" }
    kith.interactions.log{ person = "Rae", channel = "video", at = "2026-03-04T10:00:00Z" }
    kith.interactions.log{ person = "Rae", channel = "in_person", at = "2026-03-10T10:00:00Z" }
    local weeks = kith.store.get("contact_by_week")
    assert.same({ online = 2, offline = 0 }, weeks["2026-03-02"])
    assert.same({ online = 0, offline = 1 }, weeks["2026-03-09"])
  end)
end)
