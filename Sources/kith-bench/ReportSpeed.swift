import Foundation
import KithCore
import KithReports

/// The weekly and mood-connection reports over ten years of daily entries and 20,000
/// interactions: the reports' own work, without process start.
enum ReportSpeed {
    static func measure(folder: URL) throws -> [(String, Samples)] {
        let utc = TimeZone(identifier: "UTC")!
        let now = try KithTime.parseInstant("2026-03-01T20:00:00Z", field: "now")
        let store = try KithStore.open(
            path: folder.appendingPathComponent("reports.sqlite").path, clock: .fixed(now, timeZone: utc),
            creating: true)
        try TenYearStore.fill(store)
        let today = store.clock.today
        let runs: [(String, String, [String: String])] = [
            ("weekly", "weekly (the last 7 days)", [:]),
            ("mood-connection", "mood-connection (the default 90 days)", [:]),
            ("mood-connection", "mood-connection over all ten years", ["since": KithTime.formatDate(today - 3649)]),
        ]
        return try runs.map { id, label, params in
            var times = Samples()
            for _ in 0..<7 {
                let start = DispatchTime.now().uptimeNanoseconds
                let document = try store.runReport(id, params: params)
                _ = ReportFormat.html.render(document)
                times.add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return (label, times)
        }
    }
}
