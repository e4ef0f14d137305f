-- tries: forging terminal output through a report: ESC sequences and \r in the title, heading, text, list, table, metric and chart of a plugin report
local F = "\27]0;owned\7\27[2J\27[H\rKith: all clear\27[8m"
kith.reports.define{ id = "evil-esc", title = "Report" .. F, build = function()
  return { title = "Title" .. F, blocks = {
    { kind = "heading", text = "Heading" .. F },
    { kind = "text", text = "Text" .. F },
    { kind = "metric", label = "Label" .. F, value = "v" .. F, note = "n" .. F },
    { kind = "list", items = { "item" .. F } },
    { kind = "table", columns = { "col" .. F }, rows = { { "cell" .. F } } },
    { kind = "chart", chart = "bar", title = "chart" .. F, x = { "x" .. F }, series = { { name = "s" .. F, values = { 1 } } } },
  } }
end }
