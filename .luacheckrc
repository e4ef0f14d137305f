-- luacheck configuration for Kith's bundled plugins, the scaffold's output and the example
-- scripts: Lua 5.4, with the host's `kith` table (read only: plugins call it, never replace it).
std = "lua54"
read_globals = { "kith" }
max_line_length = 120

-- Specs run under `kith plugins test`, whose harness is busted-shaped.
files["**/spec/**/*.lua"] = { read_globals = { "describe", "it", "before_each", "after_each", "pending", "assert" } }

-- The instruments carry their items and citations word for word as published, one item per
-- line, so that each can be read against its source; their other lines keep the limit.
for _, instrument in ipairs({ "gad7", "lsns6", "mspss", "phq9", "ucla3" }) do
  files["plugins/" .. instrument .. "/init.lua"] = { max_string_line_length = false, max_line_length = false }
end
