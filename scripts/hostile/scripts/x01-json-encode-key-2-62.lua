-- tries: kith.json.encode({[1 << 62] = true}): a list whose length would be 2^62 (a naive encoder allocates 2^62 nulls)
print(kith.json.encode({ [1 << 62] = true }))
