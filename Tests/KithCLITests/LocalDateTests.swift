import Foundation
import Testing

/// Every date a person reads is in their zone: west and east of UTC around midnight, and
/// across a daylight-saving change.
@Suite("dates in the person's time zone")
struct LocalDateTests {
    static let env = ["KITH_PLUGIN_PATH": KithSandbox.packageRoot.appendingPathComponent("plugins").path]

    func kith(_ sandbox: KithSandbox, _ arguments: [String], zone: String) throws -> ProcessResult {
        try sandbox.kith(arguments, environment: Self.env.merging(["TZ": zone]) { $1 })
    }

    @Test(
        "west, east and across DST: reports, results and a script's days since contact use the local day",
        arguments: [
            // 21:00 on 31 March in New York is 01:00 on 1 April in UTC.
            ("America/New_York", "2026-03-31T21:00:00-04:00", "2026-03-31", "2026-04-02T12:00:00Z", 2),
            // 09:00 on 1 April in Auckland is 20:00 on 31 March in UTC.
            ("Pacific/Auckland", "2026-04-01T09:00:00+13:00", "2026-04-01", "2026-04-02T23:00:00Z", 2),
            // New York's clocks go forward at 02:00 on 8 March: 23:30 that night is 03:30 UTC on the 9th.
            ("America/New_York", "2026-03-08T23:30:00-04:00", "2026-03-08", "2026-03-10T16:00:00Z", 2),
        ])
    func localDays(_ zone: String, _ at: String, _ localDay: String, _ now: String, _ daysSince: Int) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        #expect(try kith(sandbox, ["people", "add", "Ana", "--type", "family"], zone: zone).status == 0)
        #expect(try kith(sandbox, ["log", "Ana", "--channel", "text", "--at", at], zone: zone).status == 0)
        #expect(
            try kith(sandbox, ["assess", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--at", at], zone: zone).status == 0)
        let network = try kith(sandbox, ["report", "network", "--format", "csv", "--now", now], zone: zone).stdout
        #expect(network.contains(localDay), "\(zone): \(network)")
        let phq = try kith(sandbox, ["report", "phq9", "--now", now], zone: zone).stdout
        #expect(phq.contains("\(localDay), phq9:") && phq.contains("\(localDay): item 9"), "\(zone): \(phq)")
        let script = KithSandbox.packageRoot.appendingPathComponent("scripts/examples/client-status.lua").path
        let status = try kith(sandbox, ["run", "--now", now, script], zone: zone)
        let columns = status.stdout.trimmingCharacters(in: .newlines).split(
            separator: ",", omittingEmptySubsequences: false)
        #expect(columns.count == 5 && columns[3] == "\(daysSince)", "\(zone): \(status.summary)")
    }
}
