import Foundation
import KithCore

/// Shared set-up for KithCore's tests: a fixed clock, stores in memory, temporary folders.
enum Fixture {
    /// 2026-03-04T12:00:00Z, a Wednesday.
    static let now: Int64 = 1_772_625_600
    /// `now` as the store writes it.
    static let nowText = "2026-03-04T12:00:00Z"
    /// UTC, so that dates in tests mean the same day on every machine.
    static let utc = TimeZone(secondsFromGMT: 0)!
    /// A clock stopped at `now`, in UTC.
    static let clock = KithClock.fixed(now, timeZone: utc)

    /// A period's end parsed as a front end parses what a person typed, on the fixed clock.
    static func bound(_ text: String, _ field: String = "since") throws -> TimeBound {
        try TimeBound(parsing: text, field: field, clock: clock)
    }

    /// An empty store in memory on the fixed clock.
    static func store(catalog: Catalog = Catalog()) throws -> KithStore {
        try KithStore.inMemory(catalog: catalog, clock: clock)
    }
}

/// A folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kith-core-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Collects the changes a store announces, from whichever thread announces them.
final class ChangeRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var changes: [StoreChange] = []

    func record(_ change: StoreChange) { lock.withLock { changes.append(change) } }

    var all: [StoreChange] { lock.withLock { changes } }
    var summaries: [String] { all.map(\.summary) }
}

/// The permission bits of a file or folder (`0o600`), or nil if it cannot be read.
func posixPermissions(_ path: String) throws -> Int? {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    guard let mode = attributes[.posixPermissions] as? NSNumber else { return nil }
    return mode.intValue & 0o777
}
