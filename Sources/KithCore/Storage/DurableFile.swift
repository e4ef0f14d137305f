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
}
