-- tries: kith.files.write("notes.txt") with the fake HOME as working directory (home is not "the working directory")
kith.files.write("notes.txt", "written by a hostile script\n")
print("wrote notes.txt")
