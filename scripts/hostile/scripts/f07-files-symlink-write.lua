-- tries: writing through a symlink that points outside the allowed folder (work/link-out -> ../.bashrc); the target must not change
kith.files.write("work/link-out", "echo pwned\n")
print("wrote work/link-out")
