import CKithLua
import CLua
import Foundation
import KithCore

/// Runs a Lua script against a store (`kith run FILE [ARGS...]`): every `kith.*` write commits
/// on its own, unless `dryRun`, where everything is rolled back at the end.
public struct ScriptRunner {
    /// The script file.
    public var path: String
    /// Its arguments, visible as `arg[1..n]` (`arg[0]` is the path).
    public var arguments: [String] = []
    /// Memory and time limits.
    public var limits = LuaLimits.script()
    /// Folders besides the working directory that `kith.files` may use.
    public var allowedPaths: [String] = []
    /// Folders `kith.files` never reaches (the plugin folders).
    public var protectedPaths: [String] = []
    /// Roll back every write at the end and report what would have been written.
    public var dryRun = false
    /// Where `print` goes.
    public var output: (String) -> Void = { print($0) }
    /// Where logs and warnings go.
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    /// A runner for the script at `path`.
    public init(path: String) {
        self.path = path
    }

    /// Why a script stopped, and what it had already committed.
    public struct Failure: Error, CustomStringConvertible {
        /// The Lua error, `[script.lua] script.lua:12: ...`.
        public let error: LuaError
        /// Writes committed before the failure (none in a dry run).
        public let committed: [StoreChange]

        /// The error line.
        public var description: String { error.description }
    }

    /// Runs the script; returns the writes it made (or, in a dry run, would have made).
    @discardableResult
    public func run(store: KithStore) throws -> [StoreChange] {
        let source = try Self.readScript(path)
        let identity = LuaIdentity.script(
            path: path, files: FileAccess(allowedPaths: allowedPaths, protectedPaths: protectedPaths, dryRun: dryRun))
        var committed: [StoreChange] = []
        let recorder = ChangeRecorder()
        store.observe { recorder.record($0) }
        let execute = {
            let state = try LuaState(identity: identity, store: store, limits: limits)
            state.output = output
            state.log = log
            state.setArguments([path] + arguments)
            try state.run(source, chunkName: path)
        }
        do {
            if dryRun {
                let (_, changes) = try store.transaction(rollback: true) { try execute() }
                return changes
            }
            try execute()
            committed = recorder.changes
            return committed
        } catch let error as LuaError {
            throw Failure(error: error, committed: dryRun ? [] : recorder.changes)
        }
    }

    static func readScript(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KithError(.notFound, "Could not read the script \(path): no such file, or not readable.")
        }
        if data.starts(with: [0x1B, 0x4C, 0x75, 0x61]) {
            throw KithError(.invalidInput, "\(path) is compiled Lua bytecode; Kith runs Lua source text only.")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw KithError(.invalidInput, "\(path) is not UTF-8 text.")
        }
        return text
    }
}

/// Collects the changes a run commits (observers outlive the run, so it is a box).
private final class ChangeRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [StoreChange] = []
    func record(_ change: StoreChange) { lock.withLock { list.append(change) } }
    var changes: [StoreChange] { lock.withLock { list } }
}

extension LuaState {
    /// Sets the global `arg`: `arg[0]` the script, `arg[1..n]` its arguments.
    func setArguments(_ values: [String]) {
        let c = LuaCall(L: L, state: self, function: 0)
        lua_rawgeti(L, ckith_registryindex(), lua_Integer(LUA_RIDX_GLOBALS))  // [_G]
        c.push("arg")
        c.newTable(array: values.count)
        for (i, value) in values.enumerated() {
            c.push(value)
            lua_rawseti(L, -2, lua_Integer(i))
        }
        lua_rawset(L, -3)  // [_G]
        ckith_pop(L, 1)
    }
}
