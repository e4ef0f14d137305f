import Foundation
import KithCore
@testable import KithLua

/// A script state over an in-memory store with a fixed clock, collecting what it prints.
final class LuaHarness {
    let store: KithStore
    let state: LuaState
    let folder: URL
    private(set) var printed: [String] = []
    private(set) var logged: [String] = []

    /// 2026-03-01T10:00:00Z in UTC.
    static let now: Int64 = 1_772_359_200

    init(timeout: Double? = nil, memoryMiB: Int = 64, catalog: Catalog = Catalog()) throws {
        store = try KithStore.inMemory(
            catalog: catalog, clock: .fixed(Self.now, timeZone: TimeZone(identifier: "UTC")!))
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-lua-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        state = try LuaState(
            identity: .script(path: folder.path + "/test.lua", files: FileAccess()), store: store,
            limits: .script(memoryMiB: memoryMiB, timeout: timeout))
        state.output = { [unowned self] in printed.append($0) }
        state.log = { [unowned self] in logged.append($0) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Runs Lua code as the chunk `test.lua`.
    func run(_ code: String) throws { try state.run(code, chunkName: "test.lua") }

    /// Runs code and returns what it printed.
    func output(_ code: String) throws -> [String] {
        printed.removeAll()
        try run(code)
        return printed
    }

    /// The error running `code` raises, or nil if it succeeds.
    func error(_ code: String) -> LuaError? {
        do { try run(code); return nil } catch let e as LuaError { return e } catch {
            return LuaError(kind: .runtime, who: "?", message: "\(error)")
        }
    }

    /// The store as export JSON, to compare before and after.
    func snapshot() throws -> Data { try store.exportDocument().encoded() }
}
