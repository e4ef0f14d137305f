// kith-bench: Kith's benchmarks, each printed with its floor measured in the same run.
//   swift run -c release kith-bench [--entries N] [--calls N]
import Foundation
import KithCore
import KithLua

var entries = 1_000_000
var calls = 10_000_000
var batchStores = 200
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    switch flag {
    case "--entries": entries = Int(arguments.next() ?? "") ?? entries
    case "--calls": calls = Int(arguments.next() ?? "") ?? calls
    case "--stores": batchStores = Int(arguments.next() ?? "") ?? batchStores
    default:
        FileHandle.standardError.write(Data("usage: kith-bench [--entries N] [--calls N] [--stores N]\n".utf8))
        exit(2)
    }
}

func report(_ r: BridgeBenchmark.Result, target: Double) {
    let per = { (s: Double) in s / Double(r.iterations) * 1e9 }
    print(String(format: "%@\n  %d iterations: kith %.3f s (%.1f ns each), floor %.3f s (%.1f ns each), ratio %.2fx (target %.1fx)",
                 r.name, r.iterations, r.kithSeconds, per(r.kithSeconds), r.floorSeconds, per(r.floorSeconds), r.ratio, target))
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kith-bench-\(ProcessInfo.processInfo.processIdentifier)")
defer { try? FileManager.default.removeItem(at: folder) }
do {
    let path = folder.appendingPathComponent("bench.sqlite").path
    let store = try KithStore.open(path: path)
    print("Kith bridge benchmarks (best of several runs; ratios against floors measured in this run)")
    report(try BridgeBenchmark.hostCall(store: store, iterations: calls), target: 1.5)
    report(try BridgeBenchmark.cpuLimit(store: store, iterations: calls * 2), target: 1.05)
    let fillStart = Date()
    try BridgeBenchmark.fillJournal(storePath: path, count: entries)
    FileHandle.standardError.write(Data(String(format: "(generated %d entries in %.1f s)\n", entries, Date().timeIntervalSince(fillStart)).utf8))
    report(try BridgeBenchmark.journalEach(store: store), target: 2.0)
    print("Reports over ten years of daily entries and 20,000 interactions (median of 7, building and rendering to HTML)")
    for (label, ms) in try ReportSpeed.measure(folder: folder) {
        print(String(format: "  %@: %.1f ms (target < 100 ms)", label, ms))
    }
    if batchStores > 0 {
        let batch = try BatchSpeed.measure(stores: batchStores, folder: folder)
        print(String(format: "kith batch over %d stores (a year of data each), --jobs 2, client-status.lua\n  %.1f s: %.1f stores per second, %d failed",
                     batchStores, batch.seconds, Double(batchStores) / batch.seconds, batch.failed))
    }
    let startup = try PluginStartup.measure()
    print(String(format: "Command start with 20 plugins (kith types, median of 30 runs)\n  without plugins %.1f ms, with 20 plugins %.1f ms: plugins add %.1f ms (target < 20 ms)",
                 startup.without * 1e3, startup.with * 1e3, (startup.with - startup.without) * 1e3))
} catch {
    FileHandle.standardError.write(Data("kith-bench: \(error)\n".utf8))
    exit(1)
}
