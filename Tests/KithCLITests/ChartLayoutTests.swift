import Foundation
import Testing

/// The HTML reports' charts and network diagram, as a browser lays them out: headless
/// Chromium measures every label, and the SVG text says what the axes, ticks and bands are.
@Suite("charts and the network diagram in HTML reports")
struct ChartLayoutTests {
    static let bundled = KithSandbox.packageRoot.appendingPathComponent("plugins").path

    /// Runs kith and records an issue unless it exits 0.
    @discardableResult
    func kith(
        _ sandbox: KithSandbox, _ arguments: [String], store: String? = nil, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ProcessResult {
        let result = try sandbox.kith(arguments, store: store, environment: environment)
        #expect(
            result.status == 0, "kith \(arguments.joined(separator: " ")): \(result.summary)",
            sourceLocation: sourceLocation)
        return result
    }

    /// A plugin defining two support types of its own, drawn as squares or diamonds.
    func addTypesPlugin(_ sandbox: KithSandbox) throws {
        let folder = sandbox.path("plugins/extra-types")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"extra-types\"\nname = \"Extra types\"\nversion = \"1.0.0\"\nkith_api = 1\n"
            .write(toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        kith.support_types.define{ id = "neighbour", name = "Neighbour", description = "Next door", dimensions = { "practical" } }
        kith.support_types.define{ id = "clinic-nurse", name = "Clinic nurse", description = "At the clinic", dimensions = { "informational" } }
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
    }

    /// A network of `count` people of eight types in all three circles, every seventh a crisis contact.
    func network(of count: Int, in sandbox: KithSandbox, environment: [String: String]) throws {
        let first = [
            "Ana", "Bo", "Dee", "Marco", "Sam", "Christopher", "Li", "Jo", "Wanda", "Mike", "Kat", "Zoë",
            "Maximilian", "Priya", "Tomasz", "Harbor Group", "Dr. Okafor", "Eve", "Rosa", "Yusuf",
        ]
        let last = ["Ortiz", "Wellington-Smythe", "Ng"]
        let types = ["family", "friend", "peer", "professional", "community", "online", "neighbour", "clinic-nurse"]
        let circles = ["inner", "middle", "outer", "middle", "outer", "outer"]
        for i in 0..<count {
            var arguments = [
                "people", "add", "\(first[i % first.count]) \(last[i / first.count % last.count])",
                "--type", types[i % types.count], "--circle", circles[i % circles.count],
            ]
            if i % 7 == 0 { arguments.append("--crisis") }
            try kith(sandbox, arguments, environment: environment)
        }
    }

    /// What Chromium measured in each SVG of `file`: how many texts, the pairs that overlap and
    /// the texts reaching outside the SVG. A copy of the page gets a script that measures every
    /// `<text>` and writes the result into the page, which --dump-dom then prints.
    func measure(_ file: String, in sandbox: KithSandbox) throws -> [[String: Any]] {
        let probe = """
            <pre id="result"></pre>
            <script>
            (function () {
              var out = [];
              document.querySelectorAll("svg").forEach(function (svg) {
                var frame = svg.getBoundingClientRect();
                var boxes = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) {
                  var r = t.getBoundingClientRect();
                  return { text: t.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
                });
                var overlaps = [], outside = [];
                for (var i = 0; i < boxes.length; i++) {
                  var a = boxes[i];
                  if (a.left < frame.left - 0.5 || a.top < frame.top - 0.5 || a.right > frame.right + 0.5 || a.bottom > frame.bottom + 0.5) {
                    outside.push(a.text);
                  }
                  for (var j = i + 1; j < boxes.length; j++) {
                    var b = boxes[j];
                    if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5) {
                      overlaps.push(a.text + " / " + b.text);
                    }
                  }
                }
                out.push({ texts: boxes.length, overlaps: overlaps, outside: outside });
              });
              document.getElementById("result").textContent = JSON.stringify(out);
            })();
            </script>

            """
        let html = try String(contentsOfFile: sandbox.path(file), encoding: .utf8)
        let probed = sandbox.path("probed-" + file)
        try html.replacingOccurrences(of: "</body>", with: probe + "</body>").write(
            toFile: probed, atomically: true, encoding: .utf8)
        let dump = try runProcess(
            "/usr/bin/env",
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(sandbox.path("chromium"))", "--window-size=1000,1400",
                "--dump-dom", "file://\(probed)",
            ],
            environment: ProcessInfo.processInfo.environment.merging(["HOME": sandbox.root.path]) { $1 })
        guard let dumped = Self.between("<pre id=\"result\">", "</pre>", in: dump.stdout) else {
            throw CLITestError(
                description: "chromium (installed by scripts/test.sh) printed no measurements: \(dump.summary)")
        }
        let json = Self.unescape(dumped)
        guard let result = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else {
            throw CLITestError(description: "unreadable measurements: \(json.prefix(500))")
        }
        return result
    }

    /// Takes a screenshot of `file` and checks it with scripts/screenshot_check.py for each of
    /// `colours`; returns the checker's counts.
    func screenshot(_ file: String, in sandbox: KithSandbox, colours: [String]) throws -> [String: Any] {
        let png = sandbox.path(file + ".png")
        let shot = try runProcess(
            "/usr/bin/env",
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(sandbox.path("chromium"))", "--window-size=1000,1400",
                "--screenshot=\(png)", "file://\(sandbox.path(file))",
            ],
            environment: ProcessInfo.processInfo.environment.merging(["HOME": sandbox.root.path]) { $1 })
        #expect(
            FileManager.default.fileExists(atPath: png),
            "chromium (installed by scripts/test.sh) took no screenshot: \(shot.summary)")
        let checker = KithSandbox.packageRoot.appendingPathComponent("scripts/screenshot_check.py").path
        let check = try runProcess(
            "/usr/bin/env", ["python3", checker, png] + colours, environment: ProcessInfo.processInfo.environment)
        return try #require(
            try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any], "\(check.summary)")
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Each `<svg>` of a page, from its attributes to its end.
    static func svgs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
    }

    /// The texts of one role (`x-tick`, `y-tick`, `band`, `legend`) in an SVG.
    static func texts(_ role: String, in svg: String) -> [String] {
        svg.components(separatedBy: "<text class=\"\(role)\"").dropFirst().compactMap { rest in
            guard let tagEnd = rest.firstIndex(of: ">"), let close = rest.range(of: "</text>") else { return nil }
            return unescape(String(rest[rest.index(after: tagEnd)..<close.lowerBound]))
        }
    }

    /// The text between `start` and the next `end` in `s`.
    static func between(_ start: String, _ end: String, in s: String) -> String? {
        guard let a = s.range(of: start), let b = s.range(of: end, range: a.upperBound..<s.endIndex) else { return nil }
        return String(s[a.upperBound..<b.lowerBound])
    }

    /// Every SVG opens with its `<title>` and `<desc>`, which role="img" and aria-labelledby
    /// point at, with ids unique in the page.
    func expectTitled(_ html: String, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var ids: [String] = []
        for svg in Self.svgs(html) {
            let attributes = String(svg.prefix { $0 != ">" })
            let labels = (Self.between("aria-labelledby=\"", "\"", in: attributes) ?? "").split(separator: " ").map(
                String.init)
            #expect(
                attributes.contains("role=\"img\"") && labels.count == 2, "\(page): \(attributes)",
                sourceLocation: sourceLocation)
            guard labels.count == 2 else { continue }
            let content = svg.dropFirst(attributes.count + 1).drop { $0 == "\n" || $0 == " " }
            #expect(
                content.hasPrefix("<title id=\"\(labels[0])\">"),
                "\(page): the first child is not the title: \(content.prefix(120))",
                sourceLocation: sourceLocation)
            let desc = Self.between("<desc id=\"\(labels[1])\">", "</desc>", in: svg) ?? ""
            #expect(desc.count > 20, "\(page): no description in \(attributes)", sourceLocation: sourceLocation)
            ids += labels
        }
        #expect(Set(ids).count == ids.count && !ids.isEmpty, "\(page): ids \(ids)", sourceLocation: sourceLocation)
    }

    @Test(
        "the network at 25 and at 60 people: no label overlaps another or leaves the picture, and the types show in colour",
        arguments: [25, 60])
    func networkLayout(count: Int) throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addTypesPlugin(sandbox)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        try network(of: count, in: sandbox, environment: env)
        try kith(sandbox, ["report", "network", "--format", "html", "-o", "network.html"], environment: env)
        let html = try String(contentsOfFile: sandbox.path("network.html"), encoding: .utf8)
        expectTitled(html, "network")
        #expect(
            html.contains("crisis contact") && html.contains("\(count) people:"),
            "the legend marks crisis contacts; the description counts")
        let measured = try measure("network.html", in: sandbox)
        #expect(measured.count == 1)
        for svg in measured {
            // Every name, or every number and its key entry, besides rings, legend and "you".
            #expect((svg["texts"] as? Int ?? 0) > count, "\(svg)")
            #expect(
                (svg["overlaps"] as? [String])?.isEmpty == true,
                "labels overlap at \(count) people: \(svg["overlaps"] ?? "")")
            #expect(
                (svg["outside"] as? [String])?.isEmpty == true,
                "labels outside the picture at \(count) people: \(svg["outside"] ?? "")")
        }
        // family, friend, peer and professional: Okabe-Ito orange, sky blue, green and blue.
        let colours = ["#e69f00", "#56b4e9", "#009e73", "#0072b2"]
        let result = try screenshot("network.html", in: sandbox, colours: colours)
        #expect((result["distinct"] as? Int ?? 0) > 50, "the page looks blank: \(result)")
        let matches = result["matches"] as? [String: Int] ?? [:]
        for colour in colours {
            #expect((matches[colour] ?? 0) > 150, "\(count) people: too little \(colour) drawn: \(result)")
        }
    }

    @Test("a support type has the same colour in every store, whatever other types it holds")
    func stableTypeColours() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addTypesPlugin(sandbox)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins") + ":" + Self.bundled]
        let stores = [
            ("a", ["family", "friend", "sponsor", "neighbour"]),
            ("b", ["community", "clinic-nurse", "family", "neighbour", "online", "peer", "professional", "sponsor"]),
        ]
        var fills: [String: [String: String]] = [:]
        for (name, types) in stores {
            let store = sandbox.path("\(name).sqlite")
            try kith(sandbox, ["init"], store: store, environment: env)
            for (i, type) in types.enumerated() {
                try kith(sandbox, ["people", "add", "P\(i)", "--type", type], store: store, environment: env)
            }
            let html = try kith(sandbox, ["report", "network", "--format", "html"], store: store, environment: env)
                .stdout
            for type in types {
                fills[name, default: [:]][type] = Self.between("data-type=\"\(type)\" fill=\"", "\"", in: html)
            }
        }
        for type in ["family", "sponsor", "neighbour"] {
            #expect(fills["a"]?[type] != nil && fills["a"]?[type] == fills["b"]?[type], "\(type): \(fills)")
        }
        #expect(fills["b"]?["family"] == "#e69f00" && fills["b"]?["peer"] == "#009e73", "\(fills)")
        let b = fills["b"] ?? [:]
        #expect(
            Set(["community", "family", "online", "peer", "professional", "sponsor"].compactMap { b[$0] }).count == 6,
            "Kith's own and the bundled types each have a colour of their own: \(b)")
    }

    @Test("mood runs on its whole 1 to 5 scale, apart from interaction counts; time axes never repeat a date")
    func moodAndTimeAxes() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try kith(sandbox, ["people", "add", "Ana", "--type", "family"])
        for day in ["2026-02-25", "2026-02-26", "2026-02-28", "2026-03-02", "2026-03-03"] {
            try kith(sandbox, ["journal", "add", "A day", "--mood", "3", "--at", day + "T20:00:00Z"])
        }
        try kith(sandbox, ["log", "Ana", "--channel", "call", "--at", "2026-02-26T12:00:00Z"])
        let mood = try kith(
            sandbox,
            ["report", "mood-connection", "--since", "2026-02-20", "--until", "2026-03-04", "--format", "html"]
        ).stdout
        expectTitled(mood, "mood-connection")
        let charts = Self.svgs(mood)
        #expect(charts.count == 2, "mood and interactions in two charts")
        if charts.count == 2 {
            #expect(Self.between("-title\">", "</title>", in: charts[0]) == "Mood by day")
            #expect(
                Self.texts("y-tick", in: charts[0]) == ["1", "2", "3", "4", "5"],
                "every mood is 3, and the axis still runs 1 to 5")
            #expect(Self.texts("legend", in: charts[0]) == ["mood"])
            #expect(Self.between("-desc\">", "</desc>", in: charts[0])?.contains("axis 1 to 5") == true)
            #expect(Self.between("-title\">", "</title>", in: charts[1]) == "Interactions by day")
            #expect(Self.texts("legend", in: charts[1]) == ["interactions"])
            #expect(Self.texts("y-tick", in: charts[1]).first == "0", "counts start at 0")
        }
        // Three weeks, and an instrument answered twice on one day: each tick a different date.
        let weekly = try kith(
            sandbox, ["report", "weekly", "--since", "2026-02-09", "--until", "2026-03-01", "--format", "html"]
        ).stdout
        expectTitled(weekly, "weekly")
        let env = ["KITH_PLUGIN_PATH": Self.bundled]
        for at in ["2026-01-05T10:00:00Z", "2026-02-01T10:00:00Z", "2026-03-01T09:00:00Z", "2026-03-01T18:00:00Z"] {
            try kith(sandbox, ["assess", "phq9", "--answers", "1,1,1,1,1,0,0,0,0", "--at", at], environment: env)
        }
        let phq9 = try kith(sandbox, ["report", "phq9", "--format", "html"], environment: env).stdout
        for (page, html) in [("weekly", weekly), ("phq9", phq9), ("mood-connection", mood)] {
            for svg in Self.svgs(html) {
                let ticks = Self.texts("x-tick", in: svg)
                #expect(!ticks.isEmpty && Set(ticks).count == ticks.count, "\(page): x ticks \(ticks)")
            }
        }
        #expect(
            Self.svgs(weekly).contains { Self.texts("x-tick", in: $0) == ["2026-02-09", "2026-02-16", "2026-02-23"] },
            "three weeks of days: a tick each Monday")
    }

    @Test("an instrument's chart covers its whole score range and shades its severity bands")
    func instrumentBands() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let env = ["KITH_PLUGIN_PATH": Self.bundled]
        try kith(
            sandbox, ["assess", "phq9", "--answers", "2,2,2,1,1,1,0,0,0", "--at", "2026-01-10T10:00:00Z"],
            environment: env)
        try kith(
            sandbox, ["assess", "phq9", "--answers", "1,1,1,0,0,0,0,0,0", "--at", "2026-02-20T10:00:00Z"],
            environment: env)
        try kith(sandbox, ["report", "phq9", "--format", "html", "-o", "phq9.html"], environment: env)
        let html = try String(contentsOfFile: sandbox.path("phq9.html"), encoding: .utf8)
        expectTitled(html, "phq9")
        let chart = try #require(Self.svgs(html).first { $0.contains("PHQ-9 total") }, "no PHQ-9 chart")
        #expect(Self.texts("band", in: chart) == ["minimal", "mild", "moderate", "moderately severe", "severe"])
        #expect(Self.texts("y-tick", in: chart) == ["0", "5", "10", "15", "20", "25"])
        #expect(Self.between("-desc\">", "</desc>", in: chart)?.contains("axis 0 to 27") == true)
        let json = try jsonObject(sandbox.kith(["report", "phq9", "--format", "json"], environment: env))
        let block = (json["blocks"] as? [[String: Any]] ?? []).first { $0["kind"] as? String == "chart" }
        #expect(
            (block?["y_min"] as? NSNumber)?.doubleValue == 0 && (block?["y_max"] as? NSNumber)?.doubleValue == 27,
            "\(block ?? [:])")
        #expect((block?["bands"] as? [[String: Any]])?.map { $0["label"] as? String ?? "" }.last == "severe")
        for svg in try measure("phq9.html", in: sandbox) {
            #expect(
                (svg["overlaps"] as? [String])?.isEmpty == true && (svg["outside"] as? [String])?.isEmpty == true,
                "\(svg)")
        }
    }

    @Test("a plugin chart's y_min, y_max and bands come back from kith.reports.run; bad ones give one clear error")
    func luaChartFields() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let folder = sandbox.path("plugins/charty")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "id = \"charty\"\nname = \"Charty\"\nversion = \"1.0.0\"\nkith_api = 1\n".write(
            toFile: folder + "/plugin.toml", atomically: true, encoding: .utf8)
        try """
        local function chart(fields)
          local block = { kind = "chart", chart = "line", title = "Score", x = { "2026-03-01", "2026-03-02" },
                          series = { { name = "score", values = { 3, 12 } } } }
          for k, v in pairs(fields) do block[k] = v end
          return { title = "Charty", blocks = { block } }
        end
        local function define(id, fields)
          kith.reports.define{ id = id, title = id, build = function() return chart(fields) end }
        end
        define("charty", { y_min = 0, y_max = 27, bands = { { from = 0, to = 4, label = "minimal" }, { from = 5, to = 27, label = "more" } } })
        define("inverted", { y_min = 5, y_max = 1 })
        define("not-a-number", { y_min = 0 / 0, y_max = 27 })
        local many = {}
        for i = 1, 1000 do many[i] = { from = i, to = i + 0.5, label = "band " .. i } end
        define("many", { bands = many })
        """.write(toFile: folder + "/init.lua", atomically: true, encoding: .utf8)
        try """
        local c = kith.reports.run("charty").blocks[1]
        print(string.format("%g %g %d %g %g %s %g %g %s", c.y_min, c.y_max, #c.bands, c.bands[1].from, c.bands[1].to, c.bands[1].label,
                            c.bands[2].from, c.bands[2].to, c.bands[2].label))
        for _, id in ipairs({ "inverted", "not-a-number", "many" }) do
          local ok, err = pcall(kith.reports.run, id)
          print(id, ok, err)
        end
        """.write(toFile: sandbox.path("run.lua"), atomically: true, encoding: .utf8)
        let env = ["KITH_PLUGIN_PATH": sandbox.path("plugins")]
        let run = try kith(sandbox, ["run", "run.lua"], environment: env)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "one line each: \(run.summary)")
        #expect(lines.first == "0 27 2 0 4 minimal 5 27 more", "\(run.summary)")
        let errors = Dictionary(
            uniqueKeysWithValues: lines.dropFirst().compactMap { line -> (String, String)? in
                let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
                return parts.count == 3 && parts[1] == "false" ? (parts[0], parts[2]) : nil
            })
        #expect(
            errors["inverted"]?.contains("block 1 (chart): 'y_min' (5) must be below 'y_max' (1)") == true,
            "\(run.summary)")
        #expect(errors["not-a-number"]?.lowercased().contains("nan") == true, "\(run.summary)")
        #expect(
            errors["many"]?.contains("block 1 (chart): 'bands' has 1000 bands; a chart shows at most 12") == true,
            "\(run.summary)")
        let json = try jsonObject(sandbox.kith(["report", "charty", "--format", "json"], environment: env))
        let block = (json["blocks"] as? [[String: Any]])?.first ?? [:]
        #expect(
            (block["y_max"] as? NSNumber)?.doubleValue == 27 && (block["bands"] as? [[String: Any]])?.count == 2,
            "\(json)")
    }
}
