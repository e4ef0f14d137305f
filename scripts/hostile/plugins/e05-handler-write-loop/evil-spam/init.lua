-- tries: a journal.added handler that writes entries until its time limit stops it: none of its writes may stay, the user's entry must
kith.on("journal.added", function(entry)
  if entry.text == "spam" then return end
  while true do kith.journal.add{ text = "spam", tags = { "spam" } } end
end)
