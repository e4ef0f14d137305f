describe("reach-out", function()
  local function low_days(moods, start_day)
    for k, mood in ipairs(moods) do
      kith.journal.add{ at = ("2026-02-%02dT21:00:00Z"):format(start_day + k - 1), mood = mood }
    end
  end

  local function rule_reminders()
    local found = {}
    for _, r in ipairs(kith.reminders.due()) do
      if r.source == "reach-out/low-mood-reach-out" then found[#found + 1] = r end
    end
    return found
  end

  before_each(function()
    kith.people.add{ name = "Marco", type = "friend", circle = "inner" }
    kith.people.add{ name = "Ana", type = "family", circle = "inner", crisis = true }
    kith.people.add{ name = "Sam", type = "community", circle = "outer" }
  end)

  it("names the inner circle, crisis contacts first, after three low days", function()
    low_days({ 4, 2, 1, 2 }, 25)
    local found = rule_reminders()
    assert.equals(1, #found)
    assert.equals("high", found[1].priority)
    assert.equals("3 low days in a row: call someone in your inner circle: Ana, Marco", found[1].title)
    assert.equals(kith.people.get("Ana").id, found[1].person_id)
    assert.equals("2026-02-28", found[1].key)
  end)

  it("stays quiet after two low days", function()
    low_days({ 1, 4, 2, 1 }, 25)
    assert.equals(0, #rule_reminders())
  end)

  it("stays quiet when they already reached out during the run", function()
    low_days({ 2, 2, 2 }, 26)
    kith.interactions.log{ person = "Marco", channel = "call", at = "2026-02-27T12:00:00Z" }
    assert.equals(0, #rule_reminders())
  end)

  it("follows its settings: four days in a row, and mood 3 counts as low", function()
    kith.store.set("low_days", 4)
    kith.store.set("low_mood", 3)
    low_days({ 3, 2, 3 }, 25)
    assert.equals(0, #rule_reminders())
    kith.journal.add{ at = "2026-02-28T21:00:00Z", mood = 1 }
    assert.equals("4 low days in a row: call someone in your inner circle: Ana, Marco", rule_reminders()[1].title)
  end)

  it("is not fooled by entries without a mood", function()
    low_days({ 2, 1 }, 25)
    kith.journal.add{ at = "2026-02-27T10:00:00Z", text = "no mood today" }
    kith.journal.add{ at = "2026-02-27T21:00:00Z", mood = 2 }
    assert.equals(1, #rule_reminders())
  end)
end)
