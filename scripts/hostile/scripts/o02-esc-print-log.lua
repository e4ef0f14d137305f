-- tries: forging terminal output directly: print, kith.log.info/warn and an error message with ESC sequences, OSC 52 (clipboard) and \r
local E = "\27"
print("print" .. E .. "[31m red" .. "\r" .. "overwritten" .. E .. "]52;c;cm0gLXJmIH4=" .. "\7")
kith.log.info("log" .. E .. "[2J" .. "\r" .. "kith: store verified")
kith.log.warn({ E .. "[31m", "\r" })
print(string.format("%s", E .. "[?1049h"))
error("failed" .. E .. "[1A" .. E .. "[2K" .. "\r" .. "Done: 0 errors")
