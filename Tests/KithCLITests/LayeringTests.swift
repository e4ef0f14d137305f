import Foundation
import Testing

/// The layers a second front end builds on: the modules below the CLI name none of its
/// commands (what to do next is a KithHint each front end words), and only the session reads
/// Kith's environment variables.
@Suite("layering")
struct LayeringTests {
    static let sharedModules = ["KithCore", "KithLua", "KithPlugins", "KithReports", "KithSession"]

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

    @Test("no shared module tells the person to type a kith command")
    func noCommandsBelowTheCLI() throws {
        var offenders: [String] = []
        for module in Self.sharedModules {
            for (file, line) in try codeLines(module) where line.contains("'kith ") || line.contains("\"kith ") {
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
