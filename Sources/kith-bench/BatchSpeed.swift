import Foundation
import KithCore

/// `kith batch` over many client stores, each a year of data, with two jobs: stores per second
/// and the peak memory of the largest process (the batch or any one store's run).
enum BatchSpeed {
    static func measure(stores count: Int, folder: URL, runs: Int = 2) throws -> (
        seconds: Samples, failed: Int, peakMiB: Samples
    ) {
        let clients = folder.appendingPathComponent("clients")
        try FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
        // One client's year, made once and copied: ten thousand stores in seconds, each whole.
        let template = folder.appendingPathComponent("client-template.sqlite").path
        let utc = TimeZone(identifier: "UTC") ?? .current
        let now = try KithTime.parseInstant("2026-03-01T20:00:00Z", field: "now")
        do {
            let store = try KithStore.open(path: template, clock: .fixed(now, timeZone: utc), creating: true)
            let today = store.clock.today
            try store.transaction {
                for (n, type) in ["family", "friend", "peer", "professional", "community", "online"].enumerated() {
                    var p = NewPerson(name: "Person \(n)", type: type)
                    p.circle = [.inner, .middle, .outer][n % 3]
                    _ = try store.addPerson(p)
                }
                for back in 0..<365 {
                    var e = NewJournalEntry()
                    e.at = KithTime.formatDate(today - back) + "T21:00:00Z"
                    e.mood = 1 + back % 5
                    e.tags = back % 4 == 0 ? ["group"] : []
                    _ = try store.addJournalEntry(e)
                    if back % 2 == 0 {
                        var i = NewInteraction(person: .id(Int64(1 + back % 6)), channel: .call)
                        i.at = KithTime.formatDate(today - back) + "T12:00:00Z"
                        _ = try store.logInteraction(i)
                    }
                }
            }
            store.checkpoint()
        }
        for c in 0..<count {
            let path = clients.appendingPathComponent(String(format: "client-%05d.sqlite", c)).path
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.copyItem(atPath: template, toPath: path)
            }
        }
        let kith = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "kith"
        ).path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/examples/client-status.lua").path
        let results = folder.appendingPathComponent("batch-results.json").path
        var seconds = Samples(), peaks = Samples(), failed = 0
        for _ in 0..<runs {
            let start = Date()
            peaks.add(
                try ProcessBench.peakMemory(
                    of: [
                        "/bin/sh", "-c",
                        "exec \"$0\" batch --stores \"$1/*.sqlite\" --jobs 2 --now 2026-03-01T20:00:00Z --json \"$2\" > \"$3\" 2>/dev/null",
                        kith, clients.path, script, results,
                    ], allowFailure: true))
            seconds.add(Date().timeIntervalSince(start))
            let data = FileManager.default.contents(atPath: results) ?? Data()
            let rows = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
            failed = max(failed, rows.filter { $0["ok"] as? Bool != true }.count + max(0, count - rows.count))
        }
        return (seconds, failed, peaks)
    }
}
