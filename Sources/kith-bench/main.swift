// kith-bench: Kith's benchmarks, each printed with its floor measured in the same run.
//   bash scripts/bench.sh [--entries N] [--import N] [--calls N] [--stores N] [--import-runs N] [--only bridge,import,...]
import Foundation
import KithCore
import KithLua

var entries = 1_000_000
var imported = 1_000_000
var calls = 10_000_000
var batchStores = 10_000
var importRuns = 3
let sections = [
    "bridge", "patterns", "import", "each", "memory", "single", "reports", "rpc", "encrypted", "sync", "batch",
    "plugins",
]
var only = Set(sections)
let usage =
    "usage: kith-bench [--entries N] [--import N] [--calls N] [--stores N] [--import-runs N] [--only \(sections.joined(separator: ","))]\n"
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    switch flag {
    case "--entries": entries = Int(arguments.next() ?? "") ?? entries
    case "--import": imported = Int(arguments.next() ?? "") ?? imported
    case "--calls": calls = Int(arguments.next() ?? "") ?? calls
    case "--stores": batchStores = Int(arguments.next() ?? "") ?? batchStores
    case "--import-runs": importRuns = max(1, Int(arguments.next() ?? "") ?? importRuns)
    case "--only":
        only = Set((arguments.next() ?? "").split(separator: ",").map(String.init))
        guard only.isSubset(of: sections), !only.isEmpty else {
            FileHandle.standardError.write(Data(usage.utf8))
            exit(2)
        }
    case ProcessBench.peakMemoryFlag:
        // Helper mode: this small process starts the command, so the child's peak is its own.
        ProcessBench.reportPeakMemory(of: Array(CommandLine.arguments.dropFirst(2)))
    default:
        FileHandle.standardError.write(Data(usage.utf8))
        exit(2)
    }
}

func report(_ r: BridgeBenchmark.Result, target: Double) {
    let per = { (s: Double) in s / Double(r.iterations) * 1e9 }
    print(
        String(
            format:
                "%@ (the best of interleaved runs)\n  %d iterations: kith %.3f s (%.1f ns each), floor %.3f s (%.1f ns each), ratio %.2fx (target %.1fx)",
            r.name, r.iterations, r.kithSeconds, per(r.kithSeconds), r.floorSeconds, per(r.floorSeconds), r.ratio,
            target))
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "kith-bench-\(ProcessInfo.processInfo.processIdentifier)")
defer { try? FileManager.default.removeItem(at: folder) }
do {
    let path = folder.appendingPathComponent("bench.sqlite").path
    let store = try KithStore.open(path: path, creating: true)
    let kith = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kith")
        .path
    print("Kith benchmarks (ratios against floors measured in this run)")
    if only.contains("bridge") {
        report(try BridgeBenchmark.hostCall(store: store, iterations: calls), target: 1.5)
        report(try BridgeBenchmark.cpuLimit(store: store, iterations: calls * 2), target: 1.05)
    }
    if only.contains("patterns") {
        print(
            "String matching and sorting: Kith's deadline-checking matcher and sort vs Lua's own (median of 5, interleaved)"
        )
        for r in try BridgeBenchmark.patterns(store: store) {
            print(
                "  \(r.name): kith \(r.kith.text("ms", scale: 1e3)), stock \(r.floor.text("ms", scale: 1e3)): \(r.kith.ratio(to: r.floor)) (target 1.3x)"
            )
        }
    }
    if only.contains("import") {
        print(
            "kith import jrnl of \(imported.formatted()) entries, whole command with the bundled plugins, against its floor (importfloor.c), interleaved"
        )
        for f in try ImportSpeed.measure(kith: kith, folder: folder, count: imported, runs: importRuns) {
            print(
                "  \(f.label): kith \(f.kith.text("s")), floor \(f.floor.text("s")): \(f.kith.ratio(to: f.floor)) (target 1.5x)"
            )
        }
    }
    if only.contains("each") || only.contains("memory") {
        let fillStart = Date()
        try BridgeBenchmark.fillJournal(storePath: path, count: entries)
        FileHandle.standardError.write(
            Data(
                String(format: "(generated %d entries in %.1f s)\n", entries, Date().timeIntervalSince(fillStart)).utf8)
        )
    }
    if only.contains("each") {
        report(try BridgeBenchmark.journalEach(store: store), target: 2.0)
    }
    if only.contains("memory") {
        // Peak memory of kith.journal.each over the whole journal against a journal of 10,000.
        let small = folder.appendingPathComponent("small.sqlite").path
        _ = try KithStore.open(path: small, creating: true)
        try BridgeBenchmark.fillJournal(storePath: small, count: 10_000)
        let walk = folder.appendingPathComponent("walk.lua")
        try "local n = 0 for e in kith.journal.each() do n = n + #e.tags end print(n)".write(
            to: walk, atomically: true, encoding: .utf8)
        let big = try ProcessBench.peakMemory(of: [kith, "run", "--store", path, walk.path])
        let little = try ProcessBench.peakMemory(of: [kith, "run", "--store", small, walk.path])
        print(
            String(
                format:
                    "Peak memory of a kith run walking kith.journal.each\n  %d entries: %.1f MiB, 10000 entries: %.1f MiB, difference %.1f MiB (target < 10 MiB)",
                entries, big, little, big - little))
    }
    if only.contains("single") {
        let single = try ProcessBench.singleCommand(kith: kith, folder: folder)
        print(
            "One command end to end: kith journal add with 10 plugins \(single.kith.text("ms", scale: 1e3)), "
                + "sqlite3 shell inserting a row \(single.sqlite.text("ms", scale: 1e3)): \(single.kith.ratio(to: single.sqlite)) (target 3x)"
        )
    }
    if only.contains("reports") {
        print(
            "Reports over ten years of daily entries and 20,000 interactions (median of 7, building and rendering to HTML)"
        )
        for (label, times) in try ReportSpeed.measure(folder: folder) {
            print("  \(label): \(times.text("ms", scale: 1e3)) (target < 100 ms)")
        }
    }
    if only.contains("encrypted") {
        let f = try EncryptedSpeed.measure(kith: kith, folder: folder)
        print(
            String(
                format: "Encrypted store, ten years of data: unlocking (scrypt N=2^%d, r=8, p=1) %.2f s", Int(f.logN),
                f.unlockSeconds))
        for r in f.rows {
            print(
                "  kith \(r.label): plain \(r.plain.text("ms", scale: 1e3)); encrypted with a passphrase file \(r.withPassphrase.text("ms", scale: 1e3)) "
                    + "(\(r.withPassphrase.ratio(to: r.plain)), scrypt included); unlocked \(r.unlocked.text("ms", scale: 1e3)) (\(r.unlocked.ratio(to: r.plain)))"
            )
        }
        let plainMB = Double(f.plainBytes) / 1e6, sealedMB = Double(f.sealedBytes) / 1e6
        let overhead: Double = (sealedMB / plainMB - 1) * 100
        print(String(format: "  size: plain %.2f MB, sealed %.2f MB (%+.1f%%)", plainMB, sealedMB, overhead))
    }
    if only.contains("sync") {
        let f = try SyncSpeed.measure(kith: kith, folder: folder)
        print(
            "Sync through a folder, ten years of data, whole commands with the bundled plugins (medians; spreads below)"
        )
        print(
            String(
                format:
                    "  first sync to a new device: sending %.0f ms + taking in %.0f ms = %.0f ms; floor kith export %.0f ms + kith import %.0f ms = %.0f ms (%.2fx)",
                f.firstSend * 1000, f.firstTakeIn * 1000, (f.firstSend + f.firstTakeIn) * 1000, f.export * 1000,
                f.importTen * 1000, (f.export + f.importTen) * 1000,
                (f.firstSend + f.firstTakeIn) / (f.export + f.importTen)))
        print(
            String(
                format:
                    "  one day's changes: sending %.0f ms, taking in %.0f ms (goal < 200 ms each); floor export %.0f ms + import %.0f ms (%.2fx)",
                f.daySend * 1000, f.dayTakeIn * 1000, f.dayExport * 1000, f.dayImport * 1000,
                (f.daySend + f.dayTakeIn) / (f.dayExport + f.dayImport)))
        print(
            String(
                format:
                    "  folder: %.2f MB before compaction, %.2f MB after; the export is %.2f MB (%.2fx, goal within 2x)",
                Double(f.uncompactedBytes) / 1e6, Double(f.compactedBytes) / 1e6, Double(f.exportBytes) / 1e6,
                Double(f.compactedBytes) / Double(max(1, f.exportBytes))))
        print(
            "  spreads: first sync sending \(f.firstSendRuns.text("ms", scale: 1e3)), taking in \(f.firstTakeInRuns.text("ms", scale: 1e3)); "
                + "a day's changes sending \(f.daySendRuns.text("ms", scale: 1e3)), taking in \(f.dayTakeInRuns.text("ms", scale: 1e3))"
        )
    }
    if only.contains("rpc") {
        let (figures, note) = try RPCSpeed.measure(kith: kith, folder: folder)
        print(
            "JSON-RPC on ten years of data: operations per second, in-process floor / the RPC dispatcher / POST /rpc (one run each: wrk gives the latency spread)"
        )
        for f in figures {
            var line = String(
                format: "  %@: floor %.0f/s, dispatcher %.0f/s (%.2fx the floor's time)", f.label, f.floorPerSecond,
                f.dispatchPerSecond, f.floorPerSecond / f.dispatchPerSecond)
            if let http = f.http {
                line += String(
                    format: ", HTTP %.0f/s (%.1fx), latency p50 %@ p99 %@", http.perSecond,
                    f.floorPerSecond / http.perSecond, http.p50, http.p99)
            }
            print(line)
        }
        if let note { print("  " + note) }
    }
    if only.contains("batch") && batchStores > 0 {
        let batch = try BatchSpeed.measure(stores: batchStores, folder: folder)
        let perSecond = Samples(batch.seconds.values.map { Double(batchStores) / $0 })
        print(
            "kith batch over \(batchStores.formatted()) stores (a year of data each), --jobs 2, client-status.lua\n"
                + "  \(batch.seconds.text("s")): \(perSecond.text("stores per second")), \(batch.failed) failed; "
                + "peak memory of the largest process \(batch.peakMiB.text("MiB"))")
    }
    if only.contains("plugins") {
        let startup = try PluginStartup.measure()
        print(
            "Command start with 20 plugins (kith types, interleaved)\n  without plugins \(startup.without.text("ms", scale: 1e3)), "
                + "with 20 plugins \(startup.with.text("ms", scale: 1e3)): plugins add "
                + String(format: "%.1f ms (target < 20 ms)", (startup.with.median - startup.without.median) * 1e3))
    }
} catch {
    FileHandle.standardError.write(Data("kith-bench: \(error)\n".utf8))
    exit(1)
}
