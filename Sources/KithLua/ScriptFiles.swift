import Foundation
import KithCore

/// `kith.files`: scripts read and write files only under the working directory or a folder
/// named with `--allow-path`. Paths are resolved (symlinks included) before the check.
struct ScriptFiles {
    let allowed: [String]

    init(identity: LuaIdentity) {
        var roots = [FileManager.default.currentDirectoryPath]
        if case .script(_, let extra) = identity { roots += extra }
        allowed = roots.compactMap { try? realPath($0) }
    }

    /// Reads a text file, refusing one whose copy would not fit in `budget` bytes.
    func read(_ path: String, budget: Int) throws -> String {
        let resolved = try check(path, forWriting: false)
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
        guard size <= budget else {
            throw KithError.invalid("path", "names a file of \(size) bytes, more than the memory limit leaves room for (\(budget) bytes): \(path)")
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
            throw KithError.invalid("path", "names a file of \(count) lines, more than the memory limit leaves room for: \(path)")
        }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }

    func write(_ path: String, _ text: String) throws {
        let resolved = try check(path, forWriting: true)
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: resolved), options: .atomic)
        } catch {
            throw KithError(.storage, field: "path", "could not be written: \(path) (\(error.localizedDescription))")
        }
    }

    private func check(_ path: String, forWriting: Bool) throws -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let url = URL(fileURLWithPath: absolute)
        let resolved: String
        if forWriting {
            let folder = try? realPath(url.deletingLastPathComponent().path)
            guard let folder else { throw KithError(.notFound, field: "path", "is in a folder that does not exist: \(path)") }
            resolved = folder + "/" + url.lastPathComponent
        } else {
            guard let real = try? realPath(absolute) else { throw KithError(.notFound, field: "path", "names no file: \(path)") }
            resolved = real
        }
        guard allowed.contains(where: { resolved == $0 || resolved.hasPrefix($0 + "/") }) else {
            throw KithError.invalid("path", "is outside the working directory and the --allow-path folders: \(path)")
        }
        return resolved
    }
}
