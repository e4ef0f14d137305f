import Foundation

/// A hybrid logical clock (Kulkarni et al., 2014) in 64 bits: milliseconds since 1970 in the
/// high 48, a counter in the low 16. It never runs backwards, stays close to the wall clock,
/// and once a device has seen another's time, everything it writes after is later.
public struct HybridTime: Comparable, Hashable, Sendable {
    public let value: UInt64

    public init(value: UInt64) { self.value = value }

    /// The time a wall clock reading stands for (counter zero).
    public init(milliseconds: UInt64) { value = min(milliseconds, (1 << 48) - 1) << 16 }

    public var milliseconds: UInt64 { value >> 16 }

    /// The next time to write at: after `self`, and no earlier than the wall clock.
    public func tick(wall: HybridTime) -> HybridTime {
        HybridTime(value: Swift.max(value == .max ? value : value + 1, wall.value))
    }

    public static func < (a: HybridTime, b: HybridTime) -> Bool { a.value < b.value }
}

/// When and where a value was written: a hybrid time and a device id, as text that sorts the
/// way stamps compare ("0186f2a4b1c20003:9f3c..."). Later time wins; on equal times the
/// greater device id wins, so every device picks the same winner.
public struct SyncStamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let time: HybridTime
    public let device: String

    public init(time: HybridTime, device: String) {
        self.time = time
        self.device = device
    }

    /// Reads the text form; nil unless it is 16 hex digits, a colon and a device id.
    public init?(text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 16, let value = UInt64(parts[0], radix: 16),
            SyncDevice.isValid(String(parts[1]))
        else { return nil }
        time = HybridTime(value: value)
        device = String(parts[1])
    }

    public var description: String {
        let hex = String(time.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ":" + device
    }

    public static func < (a: SyncStamp, b: SyncStamp) -> Bool {
        (a.time, a.device) < (b.time, b.device)
    }
}

/// Device ids: 16 lowercase hex digits, random, never reused.
public enum SyncDevice {
    public static func isValid(_ id: String) -> Bool {
        id.utf8.count == 16 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    public static func random() -> String {
        (0..<8).map { _ in
            let b = UInt8.random(in: 0...255)
            return String(b >> 4, radix: 16) + String(b & 15, radix: 16)
        }.joined()
    }
}
