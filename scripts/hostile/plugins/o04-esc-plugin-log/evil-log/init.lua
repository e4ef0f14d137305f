-- tries: forging terminal output from plugin code: print, kith.log, definitions shown by 'kith types', and a load error, all with ESC sequences and \r
local F = "\27]0;owned\7\27[2J\27[H\rKith: all clear"
print("print" .. F)
kith.log.info("info" .. F)
kith.log.warn("warn" .. F)
kith.support_types.define{ id = "esc-type", name = "Type" .. F, description = "d" .. F, dimensions = { "emotional" } }
kith.metrics.define{ id = "esc_metric", name = "Metric" .. F }
error("load failure" .. F)
