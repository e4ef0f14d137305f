import ArgumentParser

/// A shortcut past swift-argument-parser's whole-tree work for a command named in full
/// (`kith journal add ...`): the parser otherwise builds every level's arguments by reflection
/// and checks the whole tree for completion-script requests, a third of a short command's time
/// (docs/performance.md). The named command parses its own arguments as if it were the root;
/// anything else (help, version, completion scripts, a mistake) goes to the whole-tree parser,
/// so every message is the one it gives.
enum LeafParse {
    /// Words only the whole tree answers.
    private static func needsTree(_ word: String) -> Bool {
        ["-h", "--help", "help", "--version", "--"].contains(word) || word.hasPrefix("--generate-completion")
            || word.hasPrefix("--experimental")
    }

    /// The command `arguments` name and its parsed arguments, or nil for the whole-tree parser.
    static func command(_ arguments: [String], root: ParsableCommand.Type) -> ParsableCommand? {
        var command = root
        var rest = arguments[...]
        while let word = rest.first,
            let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == word })
        {
            command = next
            rest = rest.dropFirst()
        }
        guard rest.count < arguments.count, command.configuration.subcommands.isEmpty,
            !rest.contains(where: needsTree)
        else { return nil }
        return try? command.parseAsRoot(Array(rest))
    }
}
