import Foundation
import Testing

/// A small tmpfs mounted for one test: a real file system that fills up or turns read-only.
/// Mounting needs root (or CAP_SYS_ADMIN); where the machine refuses, these tests are skipped,
/// with the reason in `scripts/test.sh`'s summary, and DiskFullTests' simulation with SQLite's
/// max_page_count still covers a full disk. CI sets KITH_REQUIRE_ALL_TESTS=1: there a machine
/// that cannot mount fails instead of skipping.
struct SmallFileSystem {
    let mountPoint: URL

    /// CI's demand that nothing be skipped.
    static let required = ProcessInfo.processInfo.environment["KITH_REQUIRE_ALL_TESTS"] == "1"

    /// True where this process may mount file systems (tried once, on a throwaway folder).
    static let canMount: Bool = {
        guard let fs = try? SmallFileSystem(kilobytes: 64) else { return false }
        fs.unmount()
        return true
    }()

    init(kilobytes: Int) throws {
        mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("kith-fs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        do {
            try Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700", "tmpfs", mountPoint.path])
        } catch {
            try? FileManager.default.removeItem(at: mountPoint)
            throw error
        }
    }

    /// Makes the file system read-only (`readOnly: true`) or writable again.
    func remount(readOnly: Bool) throws {
        try Self.mount(["-o", readOnly ? "remount,ro" : "remount,rw", mountPoint.path])
    }

    /// Fills every free block with a file; returns its path (remove it to make room again).
    func fill() -> String {
        let path = mountPoint.appendingPathComponent("filler").path
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        guard fd >= 0 else { return path }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x2E, count: 4096)
        var size = 4096
        while size > 0 {
            // Large writes first, then smaller ones to take the last blocks too.
            while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, min(size, $0.count)) }) == min(size, 4096) {}
            size /= 2
        }
        return path
    }

    func unmount() {
        if let umount = systemTool("umount") {
            _ = try? runProcess(umount, ["-l", mountPoint.path], environment: ProcessInfo.processInfo.environment)
        }
        try? FileManager.default.removeItem(at: mountPoint)
    }

    private static func mount(_ arguments: [String]) throws {
        guard let mount = systemTool("mount") else { throw CLITestError(description: "mount is not installed") }
        let result = try runProcess(mount, arguments, environment: ProcessInfo.processInfo.environment)
        guard result.status == 0 else {
            throw CLITestError(description: "mount \(arguments.joined(separator: " ")): \(result.summary)")
        }
    }
}

@Suite(
    "Real file-system limits: a full disk and a read-only store", .serialized,
    .enabled(
        if: SmallFileSystem.canMount || SmallFileSystem.required,
        "needs permission to mount a tmpfs (root or CAP_SYS_ADMIN)"))
struct FileSystemLimitTests {
    static let fixtures = KithSandbox.packageRoot.appendingPathComponent("Tests/Fixtures")

    @Test("this machine can mount a small file system (required where KITH_REQUIRE_ALL_TESTS=1)")
    func canMount() {
        #expect(
            SmallFileSystem.canMount,
            "mounting a tmpfs failed: run as root or with CAP_SYS_ADMIN, or unset KITH_REQUIRE_ALL_TESTS")
    }

    private func entryTexts(_ sandbox: KithSandbox, store: String) throws -> [String] {
        let result = try sandbox.kith(["journal", "list", "--json"], store: store)
        guard result.status == 0 else { throw CLITestError(description: "journal list: \(result.summary)") }
        return try jsonObjects(result).compactMap { $0["text"] as? String }.sorted()
    }

    @Test("a full disk: writes refused with one clear line, an import keeps nothing, reads work, the store intact")
    func fullDisk() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let fs = try SmallFileSystem(kilobytes: 2048)
        defer { fs.unmount() }
        let store = fs.mountPoint.appendingPathComponent("data/kith.sqlite").path
        try sandbox.succeed(["init"], store: store)
        for i in 1...5 { try sandbox.succeed(["journal", "add", "kept \(i)", "--mood", "3"], store: store) }
        let before = try entryTexts(sandbox, store: store)
        let filler = fs.fill()

        let add = try sandbox.kith(
            ["journal", "add", String(repeating: "a long day. ", count: 2_000), "--mood", "2"], store: store)
        #expect(add.status != 0, "\(add.summary)")
        #expect(add.stderrLines.count == 1 && add.stderr.contains("is full; nothing was changed"), "\(add.summary)")

        let daylio = Self.fixtures.appendingPathComponent("daylio/sample.csv").path
        let imported = try sandbox.kith(["import", "daylio", daylio, "--mood-map", "sad=2,average=3"], store: store)
        #expect(imported.status != 0, "\(imported.summary)")
        #expect(imported.stderrLines.last?.contains("is full; nothing was changed") == true, "\(imported.summary)")

        #expect(try entryTexts(sandbox, store: store) == before)
        #expect(try integrityCheck(store) == "ok")

        // Room again: the same commands work.
        try FileManager.default.removeItem(atPath: filler)
        try sandbox.succeed(["journal", "add", "after the disk was freed", "--mood", "4"], store: store)
        try sandbox.succeed(["import", "daylio", daylio, "--mood-map", "sad=2,average=3"], store: store)
        let after = try entryTexts(sandbox, store: store)
        #expect(before.allSatisfy(after.contains) && after.contains("after the disk was freed"))
        #expect(try integrityCheck(store) == "ok")
    }

    @Test("a store on a read-only file system: reading works, a write is refused with one clear line, nothing changes")
    func readOnlyStore() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let fs = try SmallFileSystem(kilobytes: 4096)
        defer { fs.unmount() }
        let store = fs.mountPoint.appendingPathComponent("data/kith.sqlite").path
        try sandbox.succeed(["init"], store: store)
        try sandbox.succeed(["people", "add", "Ana", "--type", "family"], store: store)
        for i in 1...3 { try sandbox.succeed(["journal", "add", "kept \(i)", "--mood", "3"], store: store) }
        let before = try entryTexts(sandbox, store: store)
        try fs.remount(readOnly: true)

        #expect(try entryTexts(sandbox, store: store) == before)
        try sandbox.succeed(["people", "list"], store: store)
        try sandbox.succeed(["report", "weekly"], store: store)
        for write in [
            ["journal", "add", "refused", "--mood", "1"], ["log", "Ana", "--channel", "call"],
            ["people", "add", "Sam", "--type", "friend"],
        ] {
            let result = try sandbox.kith(write, store: store)
            #expect(result.status != 0, "\(write): \(result.summary)")
            #expect(result.stderrLines.count == 1 && result.stderr.contains("read-only"), "\(write): \(result.summary)")
        }

        try fs.remount(readOnly: false)
        #expect(try entryTexts(sandbox, store: store) == before)
        #expect(try integrityCheck(store) == "ok")
    }
}
