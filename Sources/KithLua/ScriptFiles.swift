import Foundation
import KithCore

/// The folders a script's `kith.files` may use, as `kith run` was given them.
public struct FileAccess: Sendable {
    /// Folders named with `--allow-path`.
    public var allowedPaths: [String]
    /// Folders never reachable whatever else allows them: the plugin folders on the plugin path.
    public var protectedPaths: [String]
    /// A dry run: writes are reported, never made.
    public var dryRun: Bool

    /// Access with these folders.
    public init(allowedPaths: [String] = [], protectedPaths: [String] = [], dryRun: Bool = false) {
        self.allowedPaths = allowedPaths
        self.protectedPaths = protectedPaths
        self.dryRun = dryRun
    }
}

/// `kith.files` (the Lua API's 4.10): scripts read and write files only under the working
/// directory or a folder named with `--allow-path`, and never the store or its side files, a
/// SQLite file (a store or a backup), a plugin folder, or a dot-file or dot-folder. When the
/// working directory is the home folder or `/`, only `--allow-path` folders are open. Paths
/// are resolved (symlinks included) before any check.
struct ScriptFiles {
    let roots: [String]
    let protected: [String]
    let store: String
    let dryRun: Bool

    init(access: FileAccess, storePath: String) {
        let cwd = FileManager.default.currentDirectoryPath
        // $HOME and the account's home folder (they may differ).
        let homes = [ProcessInfo.processInfo.environment["HOME"], NSHomeDirectory()].compactMap {
            $0.flatMap { try? realPath($0) }
        }
        var roots = access.allowedPaths.compactMap { try? realPath($0) }
        // Run from the home folder or /, "the working directory" is everything the user owns.
        if let real = try? realPath(cwd), real != "/", !homes.contains(real) { roots.append(real) }
        self.roots = roots
        protected = access.protectedPaths.compactMap { try? realPath($0) }
        store = (try? realPath(storePath)) ?? storePath
        dryRun = access.dryRun
    }

    /// Reads a text file, refusing one whose copy would not fit in `budget` bytes.
    func read(_ path: String, budget: Int) throws -> String {
        let resolved = try check(path, forWriting: false)
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
        guard size <= budget else {
            throw KithError.invalid(
                "path",
                "names a file of \(size) bytes, more than the memory limit leaves room for (\(budget) bytes): \(path)")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw KithError(.notFound, field: "path", "names a file that cannot be read: \(path)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw KithError.invalid("path", "names a file that is not UTF-8 text: \(path)")
        }
        return text
    }

    /// A file's lines; each line costs a Lua string and a table slot (about 40 bytes) on top
    /// of its text, counted against `budget` before anything is split.
    func lines(_ path: String, budget: Int) throws -> [String] {
        let text = try read(path, budget: budget)
        let count = text.utf8.reduce(into: 1) { n, byte in if byte == 0x0A { n += 1 } }
        guard text.utf8.count + count * 40 <= budget else {
            throw KithError.invalid(
                "path", "names a file of \(count) lines, more than the memory limit leaves room for: \(path)")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }

    /// Writes a file whole (a temporary file, then a rename); in a dry run, returns what it
    /// would have done instead.
    func write(_ path: String, _ text: String) throws -> String? {
        let resolved = try check(path, forWriting: true)
        if dryRun { return "would write \(text.utf8.count) bytes to \(path)" }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: resolved), options: .atomic)
        } catch {
            throw KithError(.storage, field: "path", "could not be written: \(path) (\(error.localizedDescription))")
        }
        return nil
    }

    private func check(_ path: String, forWriting: Bool) throws -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute)
        let resolved: String
        if forWriting {
            let folder = try? realPath(url.deletingLastPathComponent().path)
            guard let folder else {
                throw KithError(.notFound, field: "path", "is in a folder that does not exist: \(path)")
            }
            resolved = folder + "/" + url.lastPathComponent
        } else {
            guard let real = try? realPath(absolute) else {
                throw KithError(.notFound, field: "path", "names no file: \(path)")
            }
            resolved = real
        }
        guard let root = roots.first(where: { resolved.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            let why =
                roots.isEmpty
                ? "scripts run from the home folder or / may use only folders named with --allow-path"
                : "it is outside the working directory and the --allow-path folders"
            throw KithError.invalid("path", "cannot be used: \(why): \(path)")
        }
        let below = resolved.dropFirst(root == "/" ? 1 : root.count + 1).split(separator: "/")
        if below.contains(where: { $0.hasPrefix(".") }) {
            throw KithError.invalid("path", "cannot be used: scripts never reach dot-files or dot-folders: \(path)")
        }
        if resolved == store || ["-wal", "-shm", "-journal", ".lock"].contains(where: { resolved == store + $0 }) {
            throw KithError.invalid("path", "cannot be used: it is the store or one of its side files: \(path)")
        }
        if protected.contains(where: { resolved == $0 || resolved.hasPrefix($0 + "/") }) {
            throw KithError.invalid(
                "path", "cannot be used: it is inside a plugin folder, or a passphrase file or its folder: \(path)")
        }
        if Self.isSQLite(resolved) || KithStore.isSealedFile(resolved) {
            throw KithError.invalid(
                "path", "cannot be used: it is a Kith store or backup (SQLite, or encrypted): \(path)")
        }
        return resolved
    }

    /// Whether the file exists and starts with SQLite's header.
    static func isSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 16)) == Data("SQLite format 3\0".utf8)
    }
}
