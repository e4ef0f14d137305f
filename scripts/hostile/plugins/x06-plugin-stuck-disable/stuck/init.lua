-- tries: an init.lua stuck in a C loop (table.move over 2^50 slots) on every command; 'kith plugins disable stuck' must still work
table.move({}, 1, 1 << 50, 1, {})
