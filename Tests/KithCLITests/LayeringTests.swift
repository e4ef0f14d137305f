import Foundation
import Testing

/// The layers a second front end builds on: the modules below the CLI name none of its
/// commands (what to do next is a KithHint each front end words), and only the session reads
/// Kith's environment variables.
@Suite("layering")
struct LayeringTests {
    static let sharedModules = ["KithCore", "KithLua", "KithPlugins", "KithReports", "KithSession", "KithSync"]

    /// Code lines (comments left out) of the Swift files under `Sources/MODULE`.
    func codeLines(_ module: String) throws -> [(file: String, line: String)] {
        let folder = KithSandbox.packageRoot.appendingPathComponent("Sources/\(module)")
        let files =
            FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter {
                $0.hasSuffix(".swift")
            } ?? []
        return try files.flatMap { file in
            try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                .map { String($0) }.filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
                .map { ("\(module)/\(file)", $0) }
        }
    }

    /// The CLI's commands: `kith` followed by one of them is a command, wherever in a line.
    static let commands = [
        "init", "people", "log", "interactions", "journal", "types", "metrics", "export", "import", "backup",
        "restore", "doctor", "config", "undo", "history", "demo", "run", "plugins", "schedule", "remind",
        "report", "batch", "assess", "plan", "rpc", "serve", "sync", "share", "encrypt", "decrypt", "passphrase",
        "unlock", "lock",
    ]

    static func namesCommand(_ line: String) -> Bool {
        commands.contains {
            line.contains("kith \($0) ") || line.contains("kith \($0)'") || line.hasSuffix("kith \($0)")
        }
    }

    @Test("no shared module tells the person to type a kith command")
    func noCommandsBelowTheCLI() throws {
        var offenders: [String] = []
        for module in Self.sharedModules {
            // The scaffold writes a plugin author's README, whose tool is the command line.
            for (file, line) in try codeLines(module)
            where !file.hasSuffix("PluginScaffold.swift")
                && (line.contains("'kith ") || line.contains("\"kith ") || Self.namesCommand(line))
            {
                offenders.append("\(file): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    @Test("KithCore reads no KITH_ variable and names no command-line option")
    func coreIsFrontEndFree() throws {
        let offenders = try codeLines("KithCore").filter { $0.line.contains("\"KITH_") || $0.line.contains("\"--") }
        #expect(offenders.isEmpty, "\(offenders.map { "\($0.file): \($0.line)" }.joined(separator: "\n"))")
    }
}
