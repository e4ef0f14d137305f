import Foundation
import KithCore

/// The shared folder, as Kith uses it: files written whole under random names and never
/// changed; the carrying tool's temporary files and conflict copies, and anything else, left
/// alone and unread. The names say nothing (what a file is and who wrote it is inside it,
/// encrypted), so the folder shows only sizes and times.
public struct SyncFolder: Sendable {
    public let path: String

    static let suffix = ".kithsync"
    static let keyPrefix = "key-"
    static let pairPrefix = "pair-"
    static let temporaryPrefix = ".kith-tmp-"
    /// Larger files are refused before they are read.
    static let largestFile = 1 << 30

    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw KithError(
                .notFound, "There is no folder at \(path); give the folder your devices share (it must exist)")
        }
        self.path = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The folder's files by kind; `other` counts what Kith does not read there (conflict
    /// copies, temporary files, anything else).
    struct Listing {
        var data: [String] = []
        var keys: [String] = []
        var pairs: [String] = []
        var other = 0
    }

    func list() throws -> Listing {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw KithError(.storage, "Could not read the folder \(path): \(error.localizedDescription)")
        }
        var listing = Listing()
        for name in names.sorted() {
            if Self.isName(name, prefix: "") {
                listing.data.append(name)
            } else if Self.isName(name, prefix: Self.keyPrefix) {
                listing.keys.append(name)
            } else if Self.isName(name, prefix: Self.pairPrefix) {
                listing.pairs.append(name)
            } else {
                listing.other += 1
            }
        }
        return listing
    }

    /// Exactly PREFIX + 32 lowercase hex digits + ".kithsync": a conflict copy
    /// ("x.sync-conflict-20261130-...kithsync", "x (conflicted copy).kithsync") never matches.
    static func isName(_ name: String, prefix: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        let middle = name.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        return middle.count == 32 && middle.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func newName(prefix: String = "") -> String {
        prefix + SyncDevice.random() + SyncDevice.random() + suffix
    }

    /// A file's bytes; nil when it is gone (compacted away meanwhile). Only a regular file is
    /// read (a link to a device, a pipe or a folder under a Kith name is refused), at most 1 GiB.
    func read(_ name: String) throws -> Data? {
        try DurableFile.readRegular(path + "/" + name, limit: Self.largestFile, what: "\(name) in the sync folder")
    }

    /// Writes a new file whole; returns its name.
    func write(_ data: Data, prefix: String = "") throws -> String {
        let name = Self.newName(prefix: prefix)
        try write(data, as: name)
        return name
    }

    /// Writes a file whole under the name given (the same bytes again after a crash).
    func write(_ data: Data, as name: String) throws {
        try DurableFile.write(
            data, to: path + "/" + name, through: path + "/" + Self.temporaryPrefix + SyncDevice.random()
        ) { reason in "Could not write to the sync folder \(path) (\(reason)); it is written at the next sync" }
    }

    func remove(_ name: String) {
        unlink(path + "/" + name)
    }

    /// Kith's own temporary files left by a sync that was stopped, once they are an hour old.
    func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names where name.hasPrefix(Self.temporaryPrefix) {
            let full = path + "/" + name
            if let date = (try? FileManager.default.attributesOfItem(atPath: full))?[.modificationDate] as? Date,
                date.timeIntervalSinceNow < -3600
            {
                unlink(full)
            }
        }
    }

    func modified(_ name: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path + "/" + name))?[.modificationDate] as? Date
    }
}
