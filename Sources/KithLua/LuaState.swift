import CKithLua
import CLua
import Foundation
import KithCore

/// A Swift function exposed to Lua. It never raises a Lua error: it throws, and the C
/// trampoline raises from a C frame.
final class HostFunction {
    /// The Lua name, used to prefix errors (`kith.journal.add`).
    let name: String
    let body: (LuaCall) throws -> Int32
    /// What the gate table declares for it (nil: undeclared, refused for everyone).
    let access: Access?
    /// Whether this state's identity passes the gate outright; computed once, so that the
    /// hot path of an open function or a script costs one load.
    let permitted: Bool

    init(name: String, access: Access?, permitted: Bool, body: @escaping (LuaCall) throws -> Int32) {
        self.name = name
        self.access = access
        self.permitted = permitted
        self.body = body
    }
}

/// One sandboxed Lua state with the `kith` API, bound to a store.
///
/// Every entry into Lua goes through `protectedCall`, which sets the deadline, runs
/// `lua_pcall` with a traceback handler, and turns failures into `LuaError`.
public final class LuaState {
    /// Who the code runs as.
    public let identity: LuaIdentity
    /// The store the `kith` API reads and writes.
    public let store: KithStore
    /// Memory and time limits.
    public let limits: LuaLimits
    /// Where `print` (scripts) and `kith.log` lines go.
    public var output: (String) -> Void = { print($0) }
    /// Where warnings and logs go (stderr by default).
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    package let L: OpaquePointer
    /// Host functions by index. A fixed buffer rather than an array property: the dispatch
    /// path reads it with no exclusivity check and no reference counting.
    private let functionTable: UnsafeMutablePointer<HostFunction>
    private var functionCount = 0
    static let maxFunctions = 512
    /// A unique address: the registry key of this state's event handlers.
    let eventKey = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    /// Nesting of protected calls (a handler runs inside a host call during plugin specs);
    /// only the outermost sets and clears the deadline.
    private var callDepth = 0
    /// While a report's build runs: the report's id and what it declared it reads. Its
    /// code may then reach only those, whatever else its plugin holds.
    var runningReport: String?
    /// The refusal the last failing host function threw: a front end calling the API from
    /// outside Lua (JSON-RPC) hands it on as structured data rather than a message.
    public internal(set) var lastHostError: KithError?
    /// The settings the plugin declares in its plugin.toml, which `kith.settings.get` reads.
    public var settings: [PluginSetting] = []
    var readsRestriction: Set<Permission>?

    /// The registered host functions.
    var functions: UnsafeBufferPointer<HostFunction> { UnsafeBufferPointer(start: functionTable, count: functionCount) }

    /// Creates a state with the sandbox and the `kith` API installed.
    public init(identity: LuaIdentity, store: KithStore, limits: LuaLimits) throws {
        self.identity = identity
        self.store = store
        self.limits = limits
        functionTable = .allocate(capacity: Self.maxFunctions)
        guard let state = ckith_newstate(limits.memoryBytes, nil, luaDispatch, luaOutput) else {
            throw LuaError(kind: .memory, who: identity.name, message: "could not create a Lua state (out of memory)")
        }
        L = state
        ckith_bind_owner(L, Unmanaged.passUnretained(self).toOpaque(), identity.name)
        let root = (try? realPath(identity.moduleRoot)) ?? identity.moduleRoot
        guard ckith_open_sandbox(L, root) == LUA_OK else {
            let message = popString() ?? "unknown error"
            ckith_close(L)
            functionTable.deallocate()
            eventKey.deallocate()
            throw LuaError(kind: .memory, who: identity.name, message: "could not open the sandbox: \(message)")
        }
        try KithAPI.install(in: self)
    }

    deinit {
        ckith_close(L)
        functionTable.deinitialize(count: functionCount)
        functionTable.deallocate()
        eventKey.deallocate()
    }

    /// Registers a host function and returns its index for `ckith_push_host_function`.
    /// Its access comes from the gate table (`APIGate.functions`), never from the caller.
    func register(_ name: String, _ body: @escaping (LuaCall) throws -> Int32) -> Int32 {
        precondition(functionCount < Self.maxFunctions, "more than \(Self.maxFunctions) host functions")
        let access = APIGate.functions[name]
        let permitted = access.map { gate($0, restriction: nil) == nil } ?? false
        (functionTable + functionCount).initialize(
            to: HostFunction(name: name, access: access, permitted: permitted, body: body))
        functionCount += 1
        return Int32(functionCount - 1)
    }

    /// The Lua names of every function registered in this state (for the gate's own test).
    public var registeredFunctionNames: [String] { functions.map(\.name) }

    /// Why `access` is refused to this code now, or nil when it may go ahead.
    func gate(_ access: Access, restriction: Set<Permission>?) -> String? {
        switch access {
        case .open, .reportReads: return nil  // a report's reads are checked once the report is known
        case .scriptOnly:
            if let id = identity.pluginID { return "is for scripts only; plugin '\(id)' cannot read or write files" }
            return nil
        case .needs(let permissions):
            for permission in permissions {
                if let refusal = refusal(permission, restriction: restriction) { return refusal }
            }
            return nil
        }
    }

    /// What this code may read now: nil for everything (a script outside any report).
    var visiblePermissions: Set<Permission>? {
        var granted: Set<Permission>?
        if case .plugin(_, _, _, let permissions) = identity { granted = permissions }
        guard let restriction = readsRestriction else { return granted }
        return granted.map { $0.intersection(restriction) } ?? restriction
    }

    /// Why `permission` is refused: the plugin lacks it, or the report running now did not
    /// declare it in its `reads`.
    func refusal(_ permission: Permission, restriction: Set<Permission>?) -> String? {
        if !identity.allows(permission) {
            return "plugin '\(identity.name)' lacks permission '\(permission.rawValue)'"
        }
        if let restriction, let report = runningReport, !restriction.contains(permission) {
            return "report '\(report)' does not declare '\(permission.rawValue)' in its reads"
        }
        return nil
    }

    /// Loads text as a chunk and runs it; results are dropped.
    public func run(_ source: String, chunkName: String) throws {
        try load(source, chunkName: chunkName)
        try protectedCall(arguments: 0, results: 0)
    }

    /// Runs a chunk with string arguments (`...` in the chunk) and returns its first result
    /// as a plain value (tables become arrays and objects).
    public func evaluate(_ source: String, chunkName: String, arguments: [String] = []) throws -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try load(source, chunkName: chunkName)
        let c = LuaCall(L: L, state: self, function: 0)
        lua_checkstack(L, Int32(arguments.count + 1))
        for argument in arguments { c.push(argument) }
        try protectedCall(arguments: Int32(arguments.count), results: 1)
        do {
            return try c.value(-1, field: "result")
        } catch {
            throw LuaError(kind: .runtime, who: identity.name, message: "\(chunkName) returned \(Self.describe(error))")
        }
    }

    /// Loads text (never bytecode) and leaves the chunk on the stack.
    func load(_ source: String, chunkName: String) throws {
        var text = source
        let status = text.withUTF8 { ckith_load_text(L, $0.baseAddress, $0.count, "@" + chunkName) }
        guard status == LUA_OK else {
            let message = popString() ?? "could not load"
            throw LuaError(kind: status == LUA_ERRMEM ? .memory : .syntax, who: identity.name, message: message)
        }
    }

    /// Calls the function below `arguments` values, under the deadline and memory limit.
    func protectedCall(arguments: Int32, results: Int32) throws {
        let outermost = callDepth == 0
        callDepth += 1
        if outermost, let timeout = limits.timeoutSeconds { ckith_set_deadline(L, timeout, identity.name) }
        let status = ckith_pcall(L, arguments, results)
        callDepth -= 1
        let timedOut = ckith_deadline_passed(L) != 0
        if outermost, limits.timeoutSeconds != nil { ckith_clear_deadline(L) }
        guard status != LUA_OK else { return }
        let raw = popString() ?? "unknown error"
        let (message, traceback) = Self.split(raw)
        if status == LUA_ERRMEM {
            let mib = limits.memoryBytes >> 20
            throw LuaError(
                kind: .memory, who: identity.name, message: "memory limit of \(mib) MiB reached; the call was stopped")
        }
        if timedOut {
            let seconds = limits.timeoutSeconds.map { String(format: "%g", $0) } ?? "?"
            let text =
                message.contains("time limit") ? message : "time limit of \(seconds) s reached; the call was stopped"
            throw LuaError(kind: .timeout, who: identity.name, message: text, traceback: traceback)
        }
        throw LuaError(kind: .runtime, who: identity.name, message: message, traceback: traceback)
    }

    /// Splits "message\nstack traceback:\n..." into its two parts.
    static func split(_ raw: String) -> (String, String?) {
        guard let range = raw.range(of: "\nstack traceback:") else { return (raw, nil) }
        return (String(raw[..<range.lowerBound]), String(raw[range.lowerBound...]).trimmingCharacters(in: .newlines))
    }

    /// Pops the string on top of the stack.
    func popString() -> String? {
        defer { ckith_pop(L, 1) }
        var length = 0
        guard let bytes = ckith_rawstring(L, -1, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// Bytes the state holds now.
    public var memoryUsed: Int { ckith_memory_used(L) }

    /// The files API of a script (a plugin's is refused at the gate before it gets here).
    var files: ScriptFiles {
        if case .script(_, let access) = identity { return ScriptFiles(access: access, storePath: store.path) }
        return ScriptFiles(access: FileAccess(), storePath: store.path)
    }

    /// What Swift may still copy out of or build for this state: the limit less what it holds.
    var copyBudget: Int { max(0, limits.memoryBytes - memoryUsed) }

    /// `copyBudget` as a counter that names the limit when it runs out.
    var copyBudgetCounter: CopyBudget { CopyBudget(bytes: copyBudget, limitMiB: limits.memoryBytes >> 20) }

    /// Called by the trampoline.
    @inline(__always)
    func dispatch(_ L: OpaquePointer, _ index: Int) -> Int32 {
        do {
            // The table keeps each function alive: call it without retaining it.
            return try Unmanaged.passUnretained(functionTable[index])._withUnsafeGuaranteedRef {
                if !$0.permitted || readsRestriction != nil { try passGate($0) }
                // The limit is relaxed while Swift pushes (a push must never fail half way); the
                // trampoline counts the result against it once the push is done.
                return try $0.body(LuaCall(L: L, state: self, function: index))
            }
        } catch {
            lastHostError = error as? KithError
            var text = "\(functionTable[index].name): \(Self.describe(error))"
            text.withUTF8 { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
            return -1
        }
    }

    /// The gate, for a function not permitted outright or while a report's build runs.
    private func passGate(_ function: HostFunction) throws {
        guard let access = function.access else {
            throw KithError(
                .invalidInput, "is not declared in Kith's permission table, so no code may call it (a bug in Kith)")
        }
        if let refusal = gate(access, restriction: readsRestriction) { throw KithError(.invalidInput, refusal) }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case let e as KithError: return e.description
        case let e as LuaError: return e.message
        default: return "\(error)"
        }
    }

    func emit(_ text: String, warning: Bool) {
        if warning {
            log("[\(identity.name)] warning: \(text)")
        } else {
            switch identity {
            case .script: output(text)
            case .plugin, .spec: log("[\(identity.name)] \(text)")
            }
        }
    }
}

/// The C entry of every host function.
private let luaDispatch: ckith_dispatch_fn = { L, owner, index in
    Unmanaged<LuaState>.fromOpaque(owner!)._withUnsafeGuaranteedRef { $0.dispatch(L!, Int(index)) }
}

/// The C entry of `print` and warnings.
private let luaOutput: ckith_output_fn = { owner, isWarning, text, length in
    guard let owner, let text else { return }
    let state = Unmanaged<LuaState>.fromOpaque(owner).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    state.emit(line, warning: isWarning != 0)
}

/// Resolves symlinks so that `require` compares real paths.
func realPath(_ path: String) throws -> String {
    guard let resolved = Foundation.realpath(path, nil) else {
        throw KithError(.notFound, "\(path) does not exist")
    }
    defer { free(resolved) }
    return String(cString: resolved)
}
