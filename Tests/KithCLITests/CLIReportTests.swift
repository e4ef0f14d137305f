import Foundation
import Testing

@Suite("kith report")
struct CLIReportTests {
    /// True when the report in `format` starts with `prefix`.
    private func format(id: String, in sandbox: KithSandbox, startsWith prefix: String, format: String) -> Bool {
        (try? sandbox.kith(["report", id, "--format", format]).stdout.hasPrefix(prefix)) ?? false
    }

    @Test("reports are listed and each renders in every format, to a file when asked")
    func formats() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["demo"])
        let list = try jsonObjects(sandbox.succeed(["report", "--json"]))
        #expect(
            list.map { $0["id"] as? String ?? "" } == [
                "network", "coverage", "rhythm", "mood-connection", "weekly", "safety-plan",
            ])
        for id in ["network", "coverage", "rhythm", "mood-connection", "weekly"] {
            // Every format carries the same document: its title, and the first table's columns.
            let document = try jsonObject(sandbox.succeed(["report", id, "--format", "json"]))
            let title = try #require(document["title"] as? String, "\(id) has a title")
            let blocks = document["blocks"] as? [[String: Any]] ?? []
            let columns = blocks.first { $0["kind"] as? String == "table" }?["columns"] as? [String]
            for format in ["text", "markdown", "html", "csv"] {
                let r = try sandbox.kith(["report", id, "--format", format])
                #expect(r.status == 0, "\(id) \(format): \(r.summary)")
                if format != "csv" { #expect(r.stdout.contains(title), "\(id) \(format) lacks its title '\(title)'") }
                for column in columns ?? [] where format != "text" {
                    #expect(r.stdout.contains(column), "\(id) \(format) lacks the column '\(column)'")
                }
            }
            #expect(format(id: id, in: sandbox, startsWith: "# \(title)", format: "markdown"))
        }
        let json = try jsonObject(sandbox.succeed(["report", "weekly", "--format", "json", "--since", "2026-02-23"]))
        #expect(json["title"] as? String == "Weekly summary, 2026-02-23 to 2026-03-01")
        try sandbox.succeed(["report", "coverage", "--format", "csv", "-o", "coverage.csv"])
        let csv = try String(contentsOfFile: sandbox.path("coverage.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("Support type,emotional,informational,practical,people\r\n"))
        #expect(try posixPermissions(sandbox.path("coverage.csv")) == 0o600)
        let bad = try sandbox.kith(["report", "weekly", "--since", "last week"])
        #expect(
            bad.status != 0
                && bad.stderrLines == ["error: field 'since' must be a date like 2026-03-01, got \"last week\""])
        let unknown = try sandbox.kith(["report", "nope"])
        #expect(unknown.stderr.contains("There is no report 'nope'. Reports here: network, coverage"))
    }

    @Test("a plugin report shows in the list, takes --param, and a broken one names its file and line")
    func pluginReport() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("plugins/clinic")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"clinic\"\nname = \"Clinic\"\nversion = \"1.0.0\"\nkith_api = 1\npermissions = [\"journal.read\"]\n"
            .write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.reports.define{ id = "clinic-weekly", title = "Weekly check-in", description = "Riverside's weekly form",
          reads = { "journal.read" }, build = function(ctx, params)
            return { title = "Check-in for " .. (params.client or "?"), blocks = {
              { kind = "table", columns = { "Entries" }, rows = { { #kith.journal.list() } } } } }
          end }
        kith.reports.define{ id = "broken", title = "Broken", build = function(ctx, params)
          return { title = "x", blocks = { { kind = "table", columns = { "a", "b" }, rows = { { 1 } } } } }
        end }
        kith.reports.define{ id = "failing", title = "Failing", build = function(ctx, params)
          error("no data for " .. tostring(params.client))
        end }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        let list = try jsonObjects(sandbox.kith(["report", "--json"], environment: env))
        #expect(list.contains { $0["id"] as? String == "clinic-weekly" && $0["plugin"] as? String == "clinic" })
        let csv = try sandbox.kith(
            ["report", "clinic-weekly", "--param", "client=ana", "--format", "csv"], environment: env)
        #expect(csv.stdout == "Entries\r\n0\r\n", "\(csv.summary)")
        let md = try sandbox.kith(
            ["report", "clinic-weekly", "--param", "client=ana", "--format", "markdown"], environment: env)
        #expect(md.stdout.hasPrefix("# Check-in for ana"))
        let broken = try sandbox.kith(["report", "broken"], environment: env)
        #expect(
            broken.stderrLines == [
                "error: [clinic] report 'broken' returned a malformed document: block 1 (table): row 1 has 1 cells, but the table has 2 columns"
            ],
            "\(broken.summary)")
        let failing = try sandbox.kith(["report", "failing", "--param", "client=bo"], environment: env)
        #expect(failing.stderrLines == ["error: [clinic] init.lua:10: no data for bo"], "\(failing.summary)")
    }

    @Test("the HTML report renders in headless Chromium, charts and network drawn")
    func chromiumScreenshot() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["demo"])
        try sandbox.succeed(["report", "mood-connection", "--format", "html", "-o", "mood.html"])
        try sandbox.succeed(["report", "network", "--format", "html", "-o", "network.html"])
        let html = try String(contentsOfFile: sandbox.path("mood.html"), encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"), "self-contained")
        let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/screenshot_check.py").path
        // The mood line's blue; the "you" dot, and family's and peer's colours (ChartPalette).
        for (page, colours) in [("mood", ["#0072b2"]), ("network", ["#1d2a33", "#e69f00", "#009e73"])] {
            let png = sandbox.path("\(page).png")
            let shot = try runProcess(
                "/usr/bin/env",
                [
                    "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--user-data-dir=\(sandbox.path("chromium"))", "--window-size=900,1000",
                    "--screenshot=\(png)", "file://\(sandbox.path("\(page).html"))",
                ],
                environment: ProcessInfo.processInfo.environment.merging(["HOME": sandbox.root.path]) { $1 })
            #expect(
                FileManager.default.fileExists(atPath: png),
                "chromium (installed by scripts/test.sh) took no screenshot: \(shot.summary)")
            let check = try runProcess(
                "/usr/bin/env", ["python3", checker, png] + colours, environment: ProcessInfo.processInfo.environment)
            let result = try #require(
                try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any], "\(check.summary)")
            #expect((result["distinct"] as? Int ?? 0) > 50, "\(page): the page looks blank: \(result)")
            let matches = result["matches"] as? [String: Int] ?? [:]
            for colour in colours {
                #expect((matches[colour] ?? 0) > 150, "\(page): too little \(colour) drawn: \(result)")
            }
        }
    }
}
