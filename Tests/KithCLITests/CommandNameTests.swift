import Foundation
import Testing

/// Start-up time: a command without an explicit `commandName` makes swift-argument-parser derive
/// it with `String(describing:)`, and each of those dynamic casts scans every protocol
/// conformance in the process (about 2 ms of `kith`'s start-up over 49 commands).
@Suite("command names")
struct CommandNameTests {
    @Test("every command in the CLI names itself")
    func everyCommandIsNamed() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/kith")
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var commands = 0
        var unnamed: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            // Each `CommandConfiguration(` up to its first argument label.
            for part in text.components(separatedBy: "CommandConfiguration(").dropFirst() {
                commands += 1
                if !part.drop(while: { $0.isWhitespace }).hasPrefix("commandName:") {
                    unnamed.append("\(url.lastPathComponent): \(part.prefix(60))")
                }
            }
        }
        #expect(commands > 40, "found only \(commands) commands under \(sources.path)")
        #expect(unnamed.isEmpty, "give these a commandName: \(unnamed)")
    }
}
