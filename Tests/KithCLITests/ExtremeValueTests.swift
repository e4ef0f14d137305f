import Foundation
import Testing

/// Values at the edge of what a type holds, from each door they can come in by: a plugin's
/// report, an imported file, the settings path. Each is one clear refusal, never a crash.
@Suite("extreme values from reports, files and settings")
struct ExtremeValueTests {
    @Test("a plugin report charting ±1e308 is refused in every format, the process intact")
    func hugeChartValues() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let dir = sandbox.path("plugins/huge")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "id = \"huge\"\nname = \"huge\"\nversion = \"1.0.0\"\nkith_api = 1\n"
            .write(toFile: dir + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.reports.define{ id = "huge", title = "Huge", description = "extreme values", reads = {}, build = function()
          return { title = "Huge", blocks = { { kind = "chart", chart = "line", x = { "a", "b" },
            series = { { name = "s", values = { -1e308, 1e308 } } } } } }
        end }
        """.write(toFile: dir + "/init.lua", atomically: true, encoding: .utf8)
        for format in ["text", "html", "json", "markdown", "csv"] {
            let r = try sandbox.kith(
                ["report", "huge", "--format", format], environment: ["KITH_PLUGIN_PATH": sandbox.path("plugins")])
            #expect(r.status == 1 && r.stderr.contains("at most 10^15 in size"), "\(format): \(r.summary)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(format): \(r.summary)")
        }
    }

    @Test("an export with a commitment of Int.max minutes or a weekday 99 is refused whole")
    func hugeImportedValues() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed([
            "schedule", "add", "Group", "--starts", "2026-03-05T19:00", "--repeat", "weekly", "--byday", "TH",
        ])
        try sandbox.succeed(["export", "-o", "good.json"])
        let good = try String(contentsOfFile: sandbox.path("good.json"), encoding: .utf8)
        let cases = [
            (
                "duration",
                good.replacingOccurrences(
                    of: "\"duration_minutes\" : 60", with: "\"duration_minutes\" : 9223372036854775807"),
                "duration_minutes"
            ),
            ("weekday", good.replacingOccurrences(of: "\"weekday\" : 4", with: "\"weekday\" : 99"), "byday"),
        ]
        for (name, text, says) in cases {
            #expect(text != good, "\(name): the case did not change the file")
            try text.write(toFile: sandbox.path("\(name).json"), atomically: true, encoding: .utf8)
            let store = sandbox.path("\(name).sqlite")
            try sandbox.succeed(["init"], store: store)
            let r = try sandbox.kith(["import", "\(name).json"], store: store)
            #expect(
                r.status == 1 && r.stderr.contains(says) && r.stderr.contains("nothing was imported"),
                "\(name): \(r.summary)")
            #expect(try sandbox.kith(["schedule", "upcoming"], store: store).status == 0)
        }
    }

    @Test("a settings path that is a device is refused in one line, not read without end")
    func settingsDevice() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let r = try sandbox.kith(["people", "list"], environment: ["KITH_CONFIG": "/dev/zero"])
        #expect(r.status == 1 && r.stderr.contains("not a regular file"), "\(r.summary)")
    }
}
