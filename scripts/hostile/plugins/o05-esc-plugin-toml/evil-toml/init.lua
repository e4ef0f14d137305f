-- tries: forging terminal output through plugin.toml fields (name, description, author with TOML \u001b escapes) shown by 'kith plugins list' and 'info'
kith.support_types.define{ id = "toml-type", name = "toml type" }
