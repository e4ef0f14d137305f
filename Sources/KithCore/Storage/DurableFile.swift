import Foundation

/// Files written whole: to a temporary name first, flushed to the disk, then renamed, so a
/// reader (or a tool carrying the folder elsewhere) never sees half a file, and a power cut
/// leaves the old file or the new one.
public enum DurableFile {
    /// Writes `data` as `path` (mode 0600) through the temporary file `temporary`, in the same
    /// folder; `failure` words the error from the system's reason.
    public static func write(
        _ data: Data, to path: String, through temporary: String, failure: (String) -> String
    ) throws {
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KithError(.storage, failure(String(cString: strerror(errno)))) }
        var ok = data.withUnsafeBytes { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
        let reason = String(cString: strerror(errno))
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw KithError(.storage, failure(reason))
        }
        let dir = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    /// The bytes of the plain file at `path`, at most `limit`: a link, pipe, device or folder
    /// is refused without being read (a link to /dev/zero would never end, a pipe would wait
    /// forever). nil when there is nothing at `path`.
    public static func readRegular(_ path: String, limit: Int, what: String) throws -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw KithError(.storage, "\(what) cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw KithError(.invalidInput, "\(what) is not a plain file")
        }
        guard info.st_size <= limit else {
            throw KithError(
                .invalidInput, "\(what) is over \(limit >> 20 > 0 ? "\(limit >> 20) MiB" : "\(limit) bytes")")
        }
        var data = Data(count: Int(info.st_size))
        let got = data.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.read(fd, base + offset, buffer.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
            return offset
        }
        return data.prefix(got)
    }
}
