import ArgumentParser

/// A mistyped subcommand named as such ("'jornal' is not a kith command; did you mean
/// 'journal'?"), instead of an "unexpected argument" error with another command's usage.
enum CommandSuggestions {
    /// The one-line message for `arguments` (without the program name), or nil when every word
    /// that should be a subcommand is one, or is not close to any.
    static func check(_ arguments: [String], root: ParsableCommand.Type) -> String? {
        var command: ParsableCommand.Type = root
        var path = [root.configuration.commandName ?? "kith"]
        for word in arguments {
            if word.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0.configuration.commandName == word }) {
                command = next
                path.append(word)
                continue
            }
            // A closure, not a key path: a key path to a static member through an existential
            // metatype crashes the compiler (Swift 6.3.1).
            let names = subcommands.compactMap { $0.configuration.commandName }.filter { $0 != "help" }
            let scored = names.map { ($0, distance(word.lowercased(), $0)) }.filter { $0.1 <= max(1, $0.0.count / 3) }
            guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
            return
                "'\(word)' is not a \(path.joined(separator: " ")) command; did you mean '\(best.0)'? ('\(path.joined(separator: " ")) --help' lists them)"
        }
        return nil
    }

    /// The command the words name, as far as they name one: "kith people add".
    static func path(_ arguments: [String], root: ParsableCommand.Type) -> String {
        var command: ParsableCommand.Type = root
        var path = [root.configuration.commandName ?? "kith"]
        for word in arguments {
            guard let next = command.configuration.subcommands.first(where: { $0.configuration.commandName == word })
            else { break }
            command = next
            path.append(word)
        }
        return path.joined(separator: " ")
    }

    /// Levenshtein distance, for short command names.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
