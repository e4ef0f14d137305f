import Foundation
import Testing

/// Replays the fuzzer's seeds and every input it ever found (Tests/Fixtures/fuzz/FORMAT) through
/// the same property scripts/fuzz.sh checks: each imports, or is refused with one clear error
/// and nothing written. `swift build` builds kith-fuzz in replay mode.
@Suite("Fuzz findings replayed")
struct FuzzReplayTests {
    static let fixtures = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures")

    static var binary: String {
        ProcessInfo.processInfo.environment["KITH_FUZZ_BIN"]
            ?? KithSandbox.packageRoot.appendingPathComponent(".build/debug/kith-fuzz").path
    }

    /// A missing folder is a failure, not an empty list: a renamed corpus must not pass quietly.
    private static func files(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test("seeds and found inputs import, or are refused cleanly", arguments: ["kith", "daylio", "jrnl", "vcard"])
    func replay(format: String) throws {
        let inputs =
            try Self.files(in: Self.fixtures.appendingPathComponent(format))
            + Self.files(in: Self.fixtures.appendingPathComponent("fuzz/\(format)"))
        try #require(!inputs.isEmpty, "no seed files for \(format) in Tests/Fixtures")
        let result = try runProcess(Self.binary, [format] + inputs, environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout.contains("\(inputs.count) \(format) inputs"), "\(result.summary)")
    }
}
