import Crypto
import Foundation

/// Seals and opens whole files: a header (SealHeader), then the payload in chunks of 64 KiB,
/// each sealed with ChaCha20-Poly1305 under a key derived from the data key and the payload
/// salt; a chunk's nonce is its number (11 bytes) and a last-chunk flag, so a file cut short,
/// reordered or extended is refused. The design follows age's STREAM; the primitives are
/// swift-crypto's.
public enum Seal {
    static let chunkSize = 64 * 1024
    static let tagSize = 16

    /// Whether `path` starts like a sealed file.
    public static func isSealed(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: SealHeader.magic.count)).map { Array($0) } == SealHeader.magic
    }

    /// Whether `data` starts like a sealed file.
    public static func isSealed(_ data: Data) -> Bool {
        data.prefix(SealHeader.magic.count).elementsEqual(SealHeader.magic)
    }

    /// `plaintext` sealed as a whole file under `header`'s key, with a fresh payload salt.
    public static func seal(_ plaintext: UnsafeRawBufferPointer, header: SealHeader, key: SealKey) throws -> Data {
        var fresh = header
        fresh.payloadSalt = SealRandom.bytes(16)
        return try seal(plaintext, exactly: fresh, key: key)
    }

    /// The same, with the header as given (known-answer tests fix the payload salt).
    static func seal(_ plaintext: UnsafeRawBufferPointer, exactly header: SealHeader, key: SealKey) throws -> Data {
        let payloadKey = key.derive("payload", salt: header.payloadSalt)
        let chunks = max(1, (plaintext.count + chunkSize - 1) / chunkSize)
        var out = Data(capacity: header.size + plaintext.count + chunks * tagSize)
        out.append(contentsOf: header.encoded(key))
        for index in 0..<chunks {
            let start = index * chunkSize
            let part = UnsafeRawBufferPointer(rebasing: plaintext[start..<min(start + chunkSize, plaintext.count)])
            let box = try ChaChaPoly.seal(part, using: payloadKey, nonce: try nonce(index, last: index == chunks - 1))
            out.append(box.ciphertext)
            out.append(box.tag)
        }
        return out
    }

    /// The plaintext size of a sealed file, from its length alone; an error when the length is
    /// not one the writer makes (cut short inside a chunk's tag).
    public static func plaintextSize(_ file: UnsafeRawBufferPointer) throws -> Int {
        let header = try SealHeader.read(file)
        return try layout(file.count, header).size
    }

    private static func layout(_ fileSize: Int, _ header: SealHeader) throws -> (chunks: Int, size: Int) {
        let payload = fileSize - header.size
        let sealedChunk = chunkSize + tagSize
        let chunks = max(1, (payload + sealedChunk - 1) / sealedChunk)
        let lastSealed = payload - (chunks - 1) * sealedChunk
        // What the writer makes: a last chunk with its tag, empty only if it is the only one.
        guard lastSealed >= tagSize, chunks == 1 || lastSealed > tagSize else {
            throw SealError.damaged("it was cut short")
        }
        return (chunks, payload - chunks * tagSize)
    }

    /// Opens a sealed file into `out` (exactly `plaintextSize` bytes): checks its header, then
    /// every chunk in order; on an error, what `out` holds must not be used.
    public static func open(_ file: UnsafeRawBufferPointer, key: SealKey, into out: UnsafeMutableRawBufferPointer)
        throws
    {
        let header = try SealHeader.read(file)
        try header.verify(file, key)
        let (chunks, size) = try layout(file.count, header)
        guard out.count == size else { throw SealError.damaged("its size changed while it was read") }
        let payloadKey = key.derive("payload", salt: header.payloadSalt)
        let sealedChunk = chunkSize + tagSize
        for index in 0..<chunks {
            let start = header.size + index * sealedChunk
            let end = min(start + sealedChunk, file.count)
            let plain: Data
            do {
                let box = try ChaChaPoly.SealedBox(
                    nonce: try nonce(index, last: index == chunks - 1),
                    ciphertext: UnsafeRawBufferPointer(rebasing: file[start..<(end - tagSize)]),
                    tag: UnsafeRawBufferPointer(rebasing: file[(end - tagSize)..<end]))
                plain = try ChaChaPoly.open(box, using: payloadKey)
            } catch {
                throw SealError.damaged(
                    index == chunks - 1
                        ? "it was cut short or altered near its end" : "it was altered (part \(index + 1))")
            }
            let target = UnsafeMutableRawBufferPointer(rebasing: out[(index * chunkSize)...])
            plain.copyBytes(to: target, count: min(plain.count, target.count))
        }
    }

    /// Opens a sealed file into `Data` (exports and backups, not the store).
    public static func open(_ file: Data, key: SealKey) throws -> Data {
        try file.withUnsafeBytes { bytes in
            var plain = Data(count: try plaintextSize(bytes))
            try plain.withUnsafeMutableBytes { try open(bytes, key: key, into: $0) }
            return plain
        }
    }

    /// The header of a sealed file, read without the key (to ask for the passphrase).
    public static func header(_ file: Data) throws -> SealHeader {
        try file.withUnsafeBytes { try SealHeader.read($0) }
    }

    static func nonce(_ index: Int, last: Bool) throws -> ChaChaPoly.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        var n = UInt64(index)
        for i in stride(from: 10, through: 3, by: -1) {
            bytes[i] = UInt8(n & 0xFF)
            n >>= 8
        }
        bytes[11] = last ? 1 : 0
        return try ChaChaPoly.Nonce(data: bytes)
    }
}
