import CKithBenchFloor
import CLua
import Foundation
import KithCore
import KithLua

/// The bridge's benchmarks: each runs the same Lua loop over a Kith function and over its
/// floor, a plain C function registered in the same state, and reports both.
enum BridgeBenchmark {
    /// One measured pair.
    struct Result: Sendable {
        /// What was measured.
        let name: String
        /// Iterations of the loop.
        let iterations: Int
        /// Seconds for Kith's version.
        let kithSeconds: Double
        /// Seconds for the floor.
        let floorSeconds: Double
        /// Kith's time over the floor's.
        public var ratio: Double { kithSeconds / floorSeconds }
    }

    /// Fills the store's journal with `count` generated entries (raw SQL, for benchmarks).
    static func fillJournal(storePath: String, count: Int) throws {
        guard ckith_bench_fill_journal(storePath, count) == 0 else {
            throw KithError(.storage, "Could not fill \(storePath) with benchmark entries.")
        }
    }

    /// A Lua -> kith call (`kith.date.weekday`) against a C function doing the same work.
    static func hostCall(store: KithStore, iterations: Int, repeats: Int = 9) throws -> Result {
        let state = try benchState(store)
        let (kith, floor) = try interleaved(
            repeats: repeats,
            {
                try state.run(
                    "local f = kith.date.weekday for i = 1, \(iterations) do f('2026-03-02') end", chunkName: "bench")
            },
            {
                try state.run("local f = c_weekday for i = 1, \(iterations) do f('2026-03-02') end", chunkName: "bench")
            })
        return Result(
            name: "Lua -> kith.date.weekday vs a C function", iterations: iterations, kithSeconds: kith,
            floorSeconds: floor)
    }

    /// `kith.journal.each` over the whole journal against a raw SQLite loop in C that pushes
    /// the same tables.
    static func journalEach(store: KithStore, repeats: Int = 5) throws -> Result {
        let state = try benchState(store)
        let count = try store.journalEntryCount()
        let loop = "local n = 0 for e in %@ do n = n + #e.tags end assert(n > 0)"
        let (kith, floor) = try interleaved(
            repeats: repeats,
            {
                try state.run(loop.replacingOccurrences(of: "%@", with: "kith.journal.each()"), chunkName: "bench")
            },
            {
                try state.run(
                    loop.replacingOccurrences(of: "%@", with: "c_journal_each(kith.store_path)"), chunkName: "bench")
            })
        return Result(
            name: "kith.journal.each vs a raw SQLite loop in C", iterations: count, kithSeconds: kith,
            floorSeconds: floor)
    }

    /// Plain Lua arithmetic with a time limit armed against the same loop with none: the
    /// cost of the CPU limit on ordinary code (no hook runs until the deadline passes).
    static func cpuLimit(store: KithStore, iterations: Int, repeats: Int = 5) throws -> Result {
        let limited = try LuaState(
            identity: .script(path: "bench.lua", files: FileAccess()), store: store,
            limits: LuaLimits(memoryBytes: 1 << 30, timeoutSeconds: 600))
        let unlimited = try benchState(store)
        let loop =
            "local x = 0 for i = 1, \(iterations) do x = x + i % 7 end local t = {} for i = 1, \(iterations / 10) do t[i] = { i } end"
        let (with, without) = try interleaved(
            repeats: repeats,
            {
                try limited.run(loop, chunkName: "bench")
            },
            {
                try unlimited.run(loop, chunkName: "bench")
            })
        return Result(
            name: "ordinary Lua with a time limit armed vs without one", iterations: iterations,
            kithSeconds: with, floorSeconds: without)
    }

    /// Ordinary string matching and sorting in Kith's sandbox (Lua's matcher and sort, adapted
    /// to check the deadline) against the same chunk on Lua's unchanged libraries; one result
    /// per workload, each the median of `repeats` interleaved runs.
    static func patterns(store: KithStore, scale: Int = 1, repeats: Int = 5) throws -> [(
        name: String, kith: Samples, floor: Samples
    )] {
        let ours = try LuaState(
            identity: .script(path: "bench.lua", files: FileAccess()), store: store,
            limits: LuaLimits(memoryBytes: 1 << 30, timeoutSeconds: 600))
        guard let stock = ckith_bench_stock_state() else { throw KithError(.storage, "could not create a Lua state") }
        defer { ckith_bench_close(stock) }
        let setup = """
            line = "2026-03-02T09:30:00Z mood=4 sleep=7.5 note=went to group, talked with Ana 1234 ms"
            text = string.rep("alpha=1 beta=22 gamma=333 delta  epsilon\t", 250)
            csv = string.rep("Ana,family,inner,7,+1 555 0100,", 200)
            """
        let n = 20_000 * scale
        let workloads: [(String, String)] = [
            ("find %d+ in a 80-byte line", "for i = 1, \(n * 10) do string.find(line, '%d+') end"),
            (
                "match ^%s*(.-)%s*$ (trim)",
                "local s = '   ' .. line .. '   ' for i = 1, \(n * 5) do s:match('^%s*(.-)%s*$') end"
            ),
            (
                "gmatch (%w+)=(%w+) over 10 KB",
                "for i = 1, \(n / 100) do for k, v in text:gmatch('(%w+)=(%w+)') do end end"
            ),
            ("gsub %s+ -> ' ' over 10 KB", "for i = 1, \(n / 100) do text:gsub('%s+', ' ') end"),
            ("split a 6 KB line on ','", "for i = 1, \(n / 100) do for f in csv:gmatch('[^,]+') do end end"),
            ("find plain", "for i = 1, \(n * 10) do string.find(line, 'talked', 1, true) end"),
            (
                "table.sort of 1,000 numbers",
                "for i = 1, \(n / 100) do local t = {} for j = 1, 1000 do t[j] = (j * 7919) % 1009 end table.sort(t) end"
            ),
        ]
        for state in [stock] { _ = ckith_bench_time_chunk(state, setup) }
        try ours.run(setup, chunkName: "bench")
        return try workloads.map { name, code in
            var kith = Samples(), floor = Samples()
            for _ in 0..<max(1, repeats) {
                kith.add(try seconds { try ours.run(code, chunkName: "bench") })
                let t = ckith_bench_time_chunk(stock, code)
                guard t >= 0 else { throw KithError(.storage, "the stock chunk failed: \(name)") }
                floor.add(t)
            }
            return ("matcher: \(name)", kith, floor)
        }
    }

    private static func benchState(_ store: KithStore) throws -> LuaState {
        let state = try LuaState(
            identity: .script(path: "bench.lua", files: FileAccess()), store: store,
            limits: LuaLimits(memoryBytes: 1 << 30, timeoutSeconds: nil))
        ckith_register_benchmark_floor(state.L)
        return state
    }

    /// Best times of `kith` and `floor`, run alternately so that both meet the same noise.
    private static func interleaved(repeats: Int, _ kith: () throws -> Void, _ floor: () throws -> Void) throws -> (
        Double, Double
    ) {
        var best = (Double.infinity, Double.infinity)
        for _ in 0..<max(1, repeats) {
            best.0 = min(best.0, try seconds(kith))
            best.1 = min(best.1, try seconds(floor))
        }
        return best
    }

    private static func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
