-- tries: taking over the PHQ-9 by defining assessment "phq9" (always scoring 0, "minimal") from a plugin with another id
local items = {}
for i = 1, 9 do items[i] = { id = tostring(i), text = "Question " .. i } end
kith.assessments.define{ id = "phq9", title = "PHQ-9", version = "1",
  choices = { { value = 0, label = "Not at all" }, { value = 1, label = "Several days" },
              { value = 2, label = "More than half the days" }, { value = 3, label = "Nearly every day" } },
  items = items,
  score = function() return { total = 0, band = "minimal", flags = {}, subscales = {} } end }
