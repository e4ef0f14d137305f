import Foundation
import KithCore

/// One file holding a bundle folder, to publish as a single download. The format, kept plain
/// so that reading it needs no trust: the line `KITHBUNDLE1`, the number of files, then for each
/// file its path (one line), its size in bytes (one line) and its bytes. Paths follow the
/// bundle's rule (ASCII letters, digits, '.', '_', '-', names joined by '/'); a file is at most
/// 16 MiB, all of them 64 MiB. The signature (`kith-bundle.sig`) travels inside, and is checked
/// after unpacking like any bundle folder's.
public enum BundleArchive {
    static let magic = "KITHBUNDLE1"
    static let maxFiles = 10_000

    /// Writes the bundle folder `folder` into the file `output` (never over an existing one).
    public static func pack(_ folder: String, to output: String) throws -> Int {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw KithError(.conflict, "\(output) already exists; choose another name.")
        }
        var files = try Manifest.of(folder).files.keys.sorted()
        if FileManager.default.fileExists(atPath: folder + "/" + BundleSignature.fileName) {
            files.append(BundleSignature.fileName)
        }
        var data = Data("\(magic)\n\(files.count)\n".utf8)
        for file in files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            data.append(Data("\(file)\n\(bytes.count)\n".utf8))
            data.append(bytes)
        }
        try data.write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
        return files.count
    }

    /// Unpacks `archive` into the new folder `folder`, refusing anything outside the format.
    static func unpack(_ archive: String, to folder: String) throws {
        let fm = FileManager.default
        let attributes = try fm.attributesOfItem(atPath: archive)
        guard attributes[.type] as? FileAttributeType == .typeRegular, (attributes[.size] as? Int ?? 0) <= 80 << 20,
            let data = fm.contents(atPath: archive)
        else { throw damaged(archive, "it is not a bundle file of at most 80 MiB") }
        guard data.starts(with: Data((magic + "\n").utf8)) else {
            throw damaged(archive, "it does not start as a Kith bundle file does")
        }
        var reader = Reader(bytes: [UInt8](data))
        guard try reader.line() == magic, let count = Int(try reader.line()), (0...maxFiles).contains(count) else {
            throw damaged(archive, "it does not start as a Kith bundle file does")
        }
        try fm.createDirectory(
            atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        var seen = Set<String>(), total = 0
        for _ in 0..<count {
            let path = try reader.line()
            guard Manifest.isAllowed(path) || path == BundleSignature.fileName, seen.insert(path).inserted else {
                throw damaged(
                    archive, "it names a file a bundle may not hold: \(PlainText.line(String(path.prefix(80))))")
            }
            guard let size = Int(try reader.line()), (0...(16 << 20)).contains(size) else {
                throw damaged(archive, "a file's size is missing or over 16 MiB")
            }
            total += size
            guard total <= 64 << 20 else { throw damaged(archive, "its files come to over 64 MiB") }
            let bytes = try reader.take(size)
            let target = folder + "/" + path
            try fm.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try Data(bytes).write(to: URL(fileURLWithPath: target), options: .withoutOverwriting)
        }
        guard reader.atEnd else { throw damaged(archive, "it has bytes after its last file") }
    }

    static func damaged(_ archive: String, _ why: String) -> KithError {
        KithError(.invalidInput, "\(archive) is damaged or not a Kith bundle file: \(why); nothing was installed")
    }

    /// Reads lines and byte runs, never past the end.
    struct Reader {
        let bytes: [UInt8]
        var position = 0
        var atEnd: Bool { position == bytes.count }

        /// A line of at most 1,024 bytes, without its newline.
        mutating func line() throws -> String {
            let start = position
            while position < bytes.count, bytes[position] != 0x0A {
                position += 1
                guard position - start <= 1024 else { throw KithError(.invalidInput, "a line is too long") }
            }
            guard position < bytes.count else { throw KithError(.invalidInput, "it ends early") }
            defer { position += 1 }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count <= bytes.count - position else { throw KithError(.invalidInput, "it ends early") }
            defer { position += count }
            return bytes[position..<position + count]
        }
    }
}
