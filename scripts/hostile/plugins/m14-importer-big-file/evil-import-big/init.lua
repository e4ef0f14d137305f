-- tries: an importer handed a 200 MB file: Kith reads it and pushes it whole into the plugin's 64 MiB Lua state (the host copies are outside the limit)
kith.importers.define{ id = "bigfile", description = "anything", import = function(text, ctx)
  return { people = 0 }
end }
