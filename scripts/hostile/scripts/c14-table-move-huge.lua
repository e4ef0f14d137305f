-- tries: table.move over 2^50 positions between empty tables: a C loop that allocates nothing and never reaches a hook
table.move({}, 1, 1 << 50, 1, {})
print("moved")
