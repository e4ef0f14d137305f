import CKithSystem
import Foundation
import KithCore

/// Where Kith puts text the person is editing (a journal entry, the safety plan) and the
/// drafts it keeps when an edit fails: a folder in memory when the system has one
/// ($XDG_RUNTIME_DIR, else /dev/shm, when they are tmpfs), so that the words of an encrypted
/// store never reach the disk; else the temporary folder (and the data folder for drafts).
enum ScratchFolder {
    /// A memory-backed folder, if there is one.
    static var inMemory: String? {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [environment["XDG_RUNTIME_DIR"], "/dev/shm"].compactMap({ $0 }) where !candidate.isEmpty {
            // tmpfs or ramfs: pages that are never written to a disk (but may be to swap).
            if access(candidate, W_OK) == 0 && kith_is_memory_filesystem(candidate) == 1 { return candidate }
        }
        return nil
    }

    /// A new private folder (0700) for one edit; the caller removes it.
    static func make(_ prefix: String) throws -> URL {
        let base = inMemory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return folder
    }

    /// Where an encrypted store's drafts are kept: a private folder in memory (gone at
    /// reboot), else the data folder. One found there already must be the person's, 0700.
    static var drafts: String {
        guard let memory = inMemory else { return KithPaths.dataHome() }
        let folder = memory + "/kith-drafts-\(getuid())"
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var info = stat()
        guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid(),
            info.st_mode & 0o077 == 0
        else { return KithPaths.dataHome() }
        return folder
    }
}
