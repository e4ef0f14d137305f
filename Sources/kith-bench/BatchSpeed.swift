import Foundation
import KithCore

/// `kith batch` over many client stores, each a year of data, with two jobs: stores per second.
enum BatchSpeed {
    static func measure(stores count: Int, folder: URL) throws -> (seconds: Double, failed: Int) {
        let clients = folder.appendingPathComponent("clients")
        try FileManager.default.createDirectory(at: clients, withIntermediateDirectories: true)
        let utc = TimeZone(identifier: "UTC")!
        let now = try KithTime.parseInstant("2026-03-01T20:00:00Z", field: "now")
        for c in 0..<count {
            let store = try KithStore.open(
                path: clients.appendingPathComponent(String(format: "client-%03d.sqlite", c)).path,
                clock: .fixed(now, timeZone: utc), creating: true)
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
                    e.mood = 1 + (back + c) % 5
                    e.tags = back % 4 == 0 ? ["group"] : []
                    _ = try store.addJournalEntry(e)
                    if back % 2 == 0 {
                        var i = NewInteraction(person: .id(Int64(1 + back % 6)), channel: .call)
                        i.at = KithTime.formatDate(today - back) + "T12:00:00Z"
                        _ = try store.logInteraction(i)
                    }
                }
            }
        }
        let kith = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "kith"
        ).path
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("scripts/examples/client-status.lua").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kith)
        process.arguments = [
            "batch", "--stores", clients.path + "/*.sqlite", "--jobs", "2", "--now", "2026-03-01T20:00:00Z", "--json",
            script,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["KITH_BUNDLED_PLUGINS"] = ""
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let start = Date()
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(start)
        let rows = (try JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        return (seconds, rows.filter { $0["ok"] as? Bool != true }.count + max(0, count - rows.count))
    }
}
