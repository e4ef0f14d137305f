/// Resource limits of one Lua state.
public struct LuaLimits: Sendable {
    /// Bytes the state may allocate (default 64 MiB).
    public var memoryBytes: Int
    /// Seconds one call may run; nil for none.
    public var timeoutSeconds: Double?
    /// Deepest nesting of a table passed to Kith.
    public var maxTableDepth = 32
    /// Most entries in one table passed to Kith.
    public var maxTableEntries = 100_000

    /// Limits for a script: 64 MiB, no time limit unless given.
    public static func script(memoryMiB: Int = 64, timeout: Double? = nil) -> LuaLimits {
        LuaLimits(memoryBytes: memoryMiB << 20, timeoutSeconds: timeout)
    }

    /// Limits for a plugin: 64 MiB and 2 s per callback.
    public static let plugin = LuaLimits(memoryBytes: 64 << 20, timeoutSeconds: 2)

    /// Creates limits.
    public init(memoryBytes: Int, timeoutSeconds: Double?) {
        self.memoryBytes = memoryBytes
        self.timeoutSeconds = timeoutSeconds
    }
}
