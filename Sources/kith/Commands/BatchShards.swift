import ArgumentParser
import Foundation
import KithCore

/// `--shard I/N`: which stores one of N workers takes. A store's shard comes from a hash of
/// its path as the glob gives it (FNV-1a, 64 bits, over its UTF-8), so every worker that
/// expands the same glob in the same layout splits the same way, with nothing to coordinate.
struct StoreShard {
    let index: Int
    let count: Int

    init(_ text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), (1...10_000).contains(n),
            (1...n).contains(i)
        else {
            throw KithError.invalid(
                "shard", "must be I/N with I from 1 to N and N at most 10000, like --shard 2/8, got '\(text)'")
        }
        (index, count) = (i, n)
    }

    static func hash(_ path: String) -> UInt64 {
        path.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    func filter(_ paths: [String]) -> [String] {
        paths.filter { Int(Self.hash($0) % UInt64(count)) == index - 1 }
    }
}

/// `kith batch merge FILE...`: the `--json` results of several shards as one, by store.
struct BatchMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the --json results of 'kith batch --shard' runs into one, in store order.",
        discussion:
            "Prints the joined JSON on standard output and the summary on standard error; exits 1 if any store failed."
    )

    @Argument(help: ArgumentHelp("The shards' JSON results.", valueName: "file")) var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give the shards' result files, like kith batch merge shard-*.json.") }
    }

    func run() throws {
        var results: [[String: Any]] = []
        var seen: [String: String] = [:]
        for file in files {
            guard let data = try DurableFile.readRegular(file, limit: 1 << 30, what: file) else {
                throw KithError(.notFound, "There is no file at \(file); nothing was merged")
            }
            guard let items = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw KithError(
                    .invalidInput,
                    "\(file) is not the --json output of 'kith batch' (a list of results); nothing was merged")
            }
            for item in items {
                guard let store = item["store"] as? String, item["ok"] is Bool else {
                    throw KithError(.invalidInput, "\(file) holds a result without a store and ok; nothing was merged")
                }
                if let other = seen[store] {
                    throw KithError(
                        .conflict,
                        "\(store) is in both \(other) and \(file): were the shards run with the same --shard N? Nothing was merged"
                    )
                }
                seen[store] = file
                results.append(item)
            }
        }
        results.sort { ($0["store"] as? String ?? "") < ($1["store"] as? String ?? "") }
        let out = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
        FileHandle.standardOutput.write(out)
        FileHandle.standardOutput.write(Data("\n".utf8))
        let failed = results.filter { ($0["ok"] as? Bool) != true }
        Terminal.error(
            "\(results.count) stores from \(Output.count(files.count, "shard")): \(results.count - failed.count) succeeded, \(failed.count) failed.\n"
        )
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
