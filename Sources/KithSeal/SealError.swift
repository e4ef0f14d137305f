/// Why a sealed file could not be opened, in words a person can act on.
public enum SealError: Error, Equatable, CustomStringConvertible {
    /// The passphrase (or recovery key) does not open the file's key.
    case wrongPassphrase
    /// The file is not what was sealed: cut short, altered, or not a sealed file at all.
    case damaged(String)
    /// Parameters no reader should accept (a KDF asking for gigabytes, an unknown version).
    case unsupported(String)

    public var description: String {
        switch self {
        case .wrongPassphrase: return "wrong passphrase"
        case .damaged(let why): return "damaged or tampered: \(why)"
        case .unsupported(let why): return "not supported: \(why)"
        }
    }
}
