-- tries: a plugin logging 20 MiB of control characters (kith.log.info) on every command, shown on a terminal
kith.log.info(string.rep("\1", 20 << 20))
