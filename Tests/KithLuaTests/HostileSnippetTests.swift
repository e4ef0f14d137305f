import Foundation
import KithCore
import Testing
@testable import KithLua

/// Hostile code against the sandbox (docs/lua-api.md section 5). Each snippet must end only
/// its own call with a clear message (or be harmless); afterwards the same state still
/// works and the store is unchanged.
@Suite("hostile snippets")
struct HostileSnippetTests {
    enum Outcome {
        /// The call fails with a message containing this text.
        case fails(String)
        /// The call fails because it passed its time limit.
        case timesOut
        /// The call fails because it reached the memory limit.
        case runsOutOfMemory
        /// The call fails with this message, or first reaches the memory limit.
        /// The call succeeds and prints exactly this.
        case prints(String)
    }

    struct Snippet: CustomTestStringConvertible, Sendable {
        let name: String
        let code: String
        let outcome: Outcome
        var testDescription: String { name }
    }

    static let escapes: [Snippet] = [
        Snippet(name: "io is absent", code: "io.open('/etc/passwd')", outcome: .fails("global 'io'")),
        Snippet(name: "os.execute is absent", code: "os.execute('id')", outcome: .fails("field 'execute'")),
        Snippet(name: "os.exit is absent", code: "os.exit(1)", outcome: .fails("field 'exit'")),
        Snippet(name: "os.getenv is absent", code: "return os.getenv('HOME')", outcome: .fails("field 'getenv'")),
        Snippet(name: "os.remove is absent", code: "os.remove('x')", outcome: .fails("field 'remove'")),
        Snippet(
            name: "os.rename, tmpname and setlocale are absent", code: "print(os.rename, os.tmpname, os.setlocale)",
            outcome: .prints("nil\tnil\tnil")),
        Snippet(
            name: "package and package.loadlib are absent", code: "package.loadlib('libc.so.6', 'system')",
            outcome: .fails("global 'package'")),
        Snippet(name: "debug is absent", code: "debug.getregistry()", outcome: .fails("global 'debug'")),
        Snippet(
            name: "dofile, loadfile and loadstring are absent", code: "print(dofile, loadfile, loadstring)",
            outcome: .prints("nil\tnil\tnil")),
        Snippet(name: "string.dump is absent", code: "string.dump(print)", outcome: .fails("field 'dump'")),
        Snippet(
            name: "require of a C module finds nothing", code: "require('socket.core')",
            outcome: .fails("require: no module \"socket.core\"")),
        Snippet(
            name: "require of a standard library name finds nothing", code: "require('io')",
            outcome: .fails("require: no module \"io\"")),
        Snippet(
            name: "require cannot climb out of the folder", code: "require('../../etc/passwd')",
            outcome: .fails("module names are words separated by dots")),
        Snippet(
            name: "require rejects absolute paths", code: "require('/etc/passwd')",
            outcome: .fails("module names are words separated by dots")),
        Snippet(
            name: "require does not follow a symlink out of the folder", code: "require('escape')",
            outcome: .fails("require: no module \"escape\"")),
        Snippet(
            name: "load refuses binary mode", code: "local f, err = load('return 1', 'x', 'b') print(f, err)",
            outcome: .prints("nil\tload: binary chunks are not allowed in Kith (mode must be \"t\")")),
        Snippet(
            name: "load refuses a bytecode string",
            code: "local f, err = load('\\27Lua\\84\\0') print(f == nil, err:find('binary') ~= nil)",
            outcome: .prints("true\ttrue")),
        Snippet(
            name: "load binds the sandbox, not real globals", code: "print(load('return io, os.execute, package')())",
            outcome: .prints("nil\tnil\tnil")),
        Snippet(
            name: "the string metatable is locked", code: "getmetatable('').__index = { upper = os.exit }",
            outcome: .fails("string value")),
        Snippet(
            name: "getmetatable on strings hides the metatable", code: "print(getmetatable(''))",
            outcome: .prints("locked")),
        Snippet(
            name: "setmetatable on a string is refused", code: "setmetatable('', {})", outcome: .fails("table expected")
        ),
        Snippet(
            name: "a metatable on _G cannot bring back removed functions",
            code: "setmetatable(_G, { __index = function(_, k) return rawget(_G, 'os')[k] end }) print(execute)",
            outcome: .prints("nil")),
        Snippet(
            name: "rawset on kith fails", code: "rawset(kith, 'people', {})",
            outcome: .fails("table expected, got userdata")),
        Snippet(
            name: "pairs over kith hands out no table to change",
            code: "local _, state = pairs(kith) print(type(state), (pcall(rawset, state, 'people', nil)))",
            outcome: .prints("userdata\tfalse")),
        Snippet(
            name: "rawset on a kith sub-table fails", code: "rawset(kith.journal, 'add', print)",
            outcome: .fails("table expected, got userdata")),
        Snippet(
            name: "assigning into kith fails", code: "kith.people = nil",
            outcome: .fails("the kith tables are read-only")),
        Snippet(
            name: "assigning into a kith sub-table fails", code: "kith.journal.add = print",
            outcome: .fails("the kith tables are read-only")),
        Snippet(name: "kith's metatable is locked", code: "print(getmetatable(kith))", outcome: .prints("locked")),
        Snippet(name: "setmetatable on kith fails", code: "setmetatable(kith, {})", outcome: .fails("table expected")),
        Snippet(
            name: "collectgarbage other than count is refused", code: "collectgarbage('stop')",
            outcome: .fails("only \"count\" is available")),
        Snippet(
            name: "__gc finalizers are refused", code: "setmetatable({}, { __gc = function() while true do end end })",
            outcome: .fails("__gc finalizers are not available")),
        Snippet(
            name: "an error object never shows as table: 0x", code: "error({})",
            outcome: .fails("(error object is a table value)")),
        Snippet(
            name: "an error object's __tostring is used",
            code: "error(setmetatable({}, { __tostring = function() return 'custom failure' end }))",
            outcome: .fails("custom failure")),
        Snippet(
            name: "files outside the working directory are refused", code: "kith.files.read('/etc/passwd')",
            outcome: .fails("outside the working directory")),
        Snippet(
            name: "writing outside the working directory is refused",
            code: "kith.files.write('/tmp/kith-escape.txt', 'x')", outcome: .fails("outside the working directory")),
        Snippet(
            name: "invalid UTF-8 is refused", code: "kith.people.add{ name = '\\255\\254', type = 'friend' }",
            outcome: .fails("must be valid UTF-8")),
    ]

    static let exhaustion: [Snippet] = [
        Snippet(name: "an infinite loop", code: "while true do end", outcome: .timesOut),
        Snippet(
            name: "an infinite loop inside pcall", code: "while true do pcall(function() while true do end end) end",
            outcome: .timesOut),
        Snippet(
            name: "a loop that swallows errors with xpcall",
            code: "while true do xpcall(function() while true do end end, function(m) return m end) end",
            outcome: .timesOut),
        Snippet(
            name: "a loop in a coroutine.wrap", code: "local f = coroutine.wrap(function() while true do end end) f()",
            outcome: .timesOut),
        Snippet(
            name: "coroutines resumed forever",
            code:
                "local co = coroutine.create(function() while true do coroutine.yield() end end) while true do coroutine.resume(co) end",
            outcome: .timesOut),
        Snippet(
            name: "a new coroutine per iteration",
            code: "while true do coroutine.resume(coroutine.create(function() for i = 1, 100 do end end)) end",
            outcome: .timesOut),
        Snippet(
            name: "a string.rep bomb", code: "local s = string.rep('x', 1 << 40)",
            outcome: .fails("resulting string too large")),
        Snippet(
            name: "a doubling string bomb", code: "local s = 'x' while true do s = s .. s end",
            outcome: .runsOutOfMemory),
        Snippet(name: "a table bomb", code: "local t = {} for i = 1, 1e9 do t[i] = i end", outcome: .runsOutOfMemory),
        Snippet(
            name: "a nested table bomb", code: "local t = {} while true do t = { t, t, {} } end",
            outcome: .runsOutOfMemory),
        // Lua's stack (up to 1,000,000 slots of 16 bytes) outgrows 16 MiB before Lua's own limit.
        Snippet(name: "deep recursion", code: "local function f() return 1 + f() end f()", outcome: .runsOutOfMemory),
        // The matcher counts its steps and checks the deadline: no pattern outlives the time limit.
        Snippet(
            name: "a pathological pattern in find", code: "string.find(string.rep('a', 5000), '.-.-.-.-b')",
            outcome: .timesOut),
        Snippet(
            name: "a pathological pattern as a method",
            code: "local s = string.rep('a', 5000) s:match('(.-)(.-)(.-)x')", outcome: .timesOut),
        Snippet(
            name: "a pathological pattern in gmatch", code: "for _ in string.rep('a', 5000):gmatch('.-.-.-b') do end",
            outcome: .timesOut),
        Snippet(
            name: "a pathological pattern in gsub", code: "string.gsub(string.rep('a', 5000), '.*.*.*b', '')",
            outcome: .timesOut),
        Snippet(
            name: "narrow repeats on a long run", code: "string.find(string.rep('a', 200000), 'a-a-a-b')",
            outcome: .timesOut),
        Snippet(
            name: "a set that matches everything",
            code: "string.match(string.rep('x', 100000), '[%w%W]-[%w%W]-[%w%W]-y')", outcome: .timesOut),
        Snippet(
            name: "balanced matches on unbalanced input", code: "string.find(string.rep('(', 100000), '%b()%b()')",
            outcome: .timesOut),
        Snippet(
            name: "string.rep of nothing a huge number of times",
            code: "print(#string.rep('', math.maxinteger), #string.rep('', math.maxinteger, ''))",
            outcome: .prints("0\t0")),
        Snippet(
            name: "an xpcall handler that loops after a time-limit error",
            code: "xpcall(function() while true do end end, function() while true do end end)", outcome: .timesOut),
        Snippet(name: "table.move over 2^50 slots", code: "table.move({}, 1, 1 << 50, 1, {})", outcome: .timesOut),
        Snippet(
            name: "table.remove through a huge C __len",
            code: "table.remove(setmetatable({ year = 3000, month = 1, day = 1 }, { __len = os.time }), 1)",
            outcome: .timesOut),
        Snippet(
            name: "table.insert through a huge C __len",
            code: "table.insert(setmetatable({ year = 3000, month = 1, day = 1 }, { __len = os.time }), 1, 0)",
            outcome: .timesOut),
        Snippet(
            name: "one large string listed 100,000 times as tags",
            code:
                "local s = string.rep('x', 1 << 20) local t = {} for i = 1, 100000 do t[i] = s end kith.journal.add{ tags = t }",
            outcome: .fails("too large to copy within the memory limit of 16 MiB")),
        Snippet(
            name: "JSON escapes that multiply the text",
            code: "local s = string.rep('\\1', 3 << 20) kith.json.encode({ s })",
            outcome: .fails("too large to copy within the memory limit of 16 MiB")),
        Snippet(
            name: "JSON text that builds many tables", code: "kith.json.decode('[' .. ('[],'):rep(2000000) .. '[]]')",
            outcome: .fails("too large to copy within the memory limit of 16 MiB")),
        Snippet(
            name: "a looping __close run by coroutine.close",
            code: """
                local co = coroutine.create(function()
                  local x <close> = setmetatable({}, { __close = function() while true do end end })
                  coroutine.yield()
                end)
                coroutine.resume(co)
                coroutine.close(co)
                """, outcome: .timesOut),
        Snippet(
            name: "a huge format width", code: "string.format('%99999d', 1)", outcome: .fails("invalid conversion")),
        Snippet(
            name: "a cyclic table passed to kith", code: "local t = {} t.self = t kith.store.set('x', t)",
            outcome: .fails("nested more than 32 levels deep")),
        Snippet(
            name: "a very deep table passed to kith",
            code: "local t = {} for i = 1, 1000 do t = { t } end kith.json.encode(t)",
            outcome: .fails("nested more than 32 levels deep")),
        Snippet(
            name: "a huge table passed to kith",
            code: "local t = {} for i = 1, 200000 do t[i] = i end kith.json.encode(t)",
            outcome: .fails("has more than 100000 entries")),
        Snippet(
            name: "a huge list of tags passed to kith",
            code: "local t = {} for i = 1, 200000 do t[i] = 'x' end kith.journal.add{ tags = t }",
            outcome: .fails("at most 100000 are accepted")),
        Snippet(
            name: "a huge string passed to kith", code: "kith.journal.add{ text = string.rep('x', 2 << 20) }",
            outcome: .fails("is longer than")),
    ]

    static func check(_ snippet: Snippet, on lua: LuaHarness) throws {
        try lua.run("kith.people.add{ name = 'Ana', type = 'family' } kith.journal.add{ mood = 3 }")
        let before = try lua.snapshot()
        let start = Date()
        lua.printedReset()
        let error = lua.error(snippet.code)
        switch snippet.outcome {
        case .fails(let text):
            let e = try #require(error, "expected a failure")
            #expect(e.message.contains(text), "\(e.message)")
            #expect(!e.message.contains("table: 0x"))
        case .timesOut:
            #expect(error?.kind == .timeout, "\(String(describing: error))")
            // The limit is 0.5 s; the watchdog wakes at it, so what is left is scheduling.
            let seconds = Date().timeIntervalSince(start)
            #expect(seconds >= 0.5 && seconds < 1.0, "stopped after \(seconds) s for a 0.5 s limit")
        case .runsOutOfMemory:
            #expect(error?.kind == .memory, "\(String(describing: error))")
            #expect(error?.message.contains("memory limit of 16 MiB") == true)
        case .prints(let text):
            #expect(error == nil, "\(String(describing: error))")
            #expect(lua.printed == [text])
        }
        // Only that call ended: the state still works, and the store is as it was.
        #expect(try lua.output("print(kith.people.get('Ana').name, #kith.journal.list())") == ["Ana\t1"])
        #expect(try lua.snapshot() == before)
    }

    @Test("escape attempts are refused", arguments: escapes)
    func escape(_ snippet: Snippet) throws {
        let lua = try LuaHarness(timeout: 0.5, memoryMiB: 16)
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kith-outside-\(UUID().uuidString).lua")
        try "return os".write(to: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(
            at: lua.folder.appendingPathComponent("escape.lua"), withDestinationURL: outside)
        try Self.check(snippet, on: lua)
    }

    @Test("resource exhaustion ends only the offending call", arguments: exhaustion)
    func exhaust(_ snippet: Snippet) throws {
        try Self.check(snippet, on: LuaHarness(timeout: 0.5, memoryMiB: 16))
    }

    @Test("the suite holds the 69 snippets docs/reliability.md counts")
    func coverage() {
        #expect(
            Self.escapes.count + Self.exhaustion.count == 69, "update the count in docs/reliability.md with the list")
    }

    @Test("require loads .lua modules inside the folder, once")
    func requireInsideFolder() throws {
        let lua = try LuaHarness()
        try FileManager.default.createDirectory(
            at: lua.folder.appendingPathComponent("lib"), withIntermediateDirectories: true)
        try "counter = (counter or 0) + 1\nreturn { twice = function(x) return 2 * x end }".write(
            to: lua.folder.appendingPathComponent("lib/util.lua"), atomically: true, encoding: .utf8)
        #expect(
            try lua.output("local u = require('lib.util') require('lib.util') print(u.twice(21), counter)") == ["42\t1"]
        )
    }

    @Test("a timed-out state runs ordinary code at full speed again")
    func hookIsDisarmed() throws {
        let lua = try LuaHarness(timeout: 0.3)
        #expect(lua.error("while true do end")?.kind == .timeout)
        let out = try lua.output("local s = os.clock() local x = 0 for i = 1, 2e6 do x = x + i end print(x)")
        #expect(out == ["2000001000000"])
    }
}

extension LuaHarness {
    func printedReset() { _ = try? output("") }
}
