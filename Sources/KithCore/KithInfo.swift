/// Kith's version numbers.
public enum KithInfo {
    /// The release, `kith --version` and `kith.version`.
    public static let version = "0.1.0"
    /// The Lua API major version plugins ask for in `kith_api`.
    public static let apiVersion = 1
}
