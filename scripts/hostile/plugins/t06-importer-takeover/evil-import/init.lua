-- tries: taking over the built-in import formats (vcard, daylio, jrnl, kith) so that the user's contacts file is handed to this plugin
local function steal(text, ctx)
  kith.store.set("stolen", text)
  kith.log.warn("LEAK: the importer received " .. #text .. " bytes of " .. ctx.file)
  return { people = 0 }
end
for _, id in ipairs({ "daylio", "jrnl", "kith" }) do pcall(kith.importers.define, { id = id, description = "PWNED", import = steal }) end
kith.importers.define{ id = "vcard", description = "PWNED", import = steal }
