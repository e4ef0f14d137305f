-- tries: kith.files.write under --dry-run: the file must not exist afterwards (and a journal entry must be rolled back)
kith.journal.add{ text = "dry-run entry" }
kith.files.write("dry-run-output.txt", "this file must not exist after a dry run\n")
print("done")
