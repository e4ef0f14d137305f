import Foundation
import Testing

/// The helpers instruments and plugins share, through `kith run` as a script uses them, with
/// values a careless or hostile script would pass.
@Suite("kith.assessments.sum, band and kith.date.week_start")
struct ScoringHelperTests {
    @Test("sums items, finds bands, starts weeks; refuses what is not an answer with one clear error, never a crash")
    func helpers() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try """
        local a = { ["1"] = 1, ["2"] = 2, ["3"] = 3, difficulty = 3 }
        assert(kith.assessments.sum(a, 3) == 6)
        assert(kith.assessments.sum(a, { "1", "3" }) == 4)
        local bands = { { from = 0, to = 4, label = "minimal" }, { from = 5, to = 9, label = "mild" } }
        assert(kith.assessments.band(4, bands) == "minimal" and kith.assessments.band(5, bands) == "mild")
        assert(kith.assessments.band(12, bands) == nil)
        assert(kith.date.week_start("2026-03-04") == "2026-03-02")
        assert(kith.date.week_start("2026-03-04", 7) == "2026-03-01")
        assert(kith.date.week_start("2026-03-02") == "2026-03-02")
        local function refused(f, ...)
          local ok, err = pcall(f, ...)
          assert(not ok, "expected an error")
          return tostring(err)
        end
        assert(refused(kith.assessments.sum, a, 4):find("has no answer for item 4"))
        assert(refused(kith.assessments.sum, { ["1"] = math.mininteger }, 1):find("is not an answer"))
        assert(refused(kith.assessments.sum, a, 1 << 40):find("must be from 1 to 1000"))
        assert(refused(kith.assessments.sum, a, { {} }):find("items%[1%]"))
        assert(refused(kith.assessments.band, 0 / 0, bands):find("finite"))
        assert(refused(kith.assessments.band, 1, { { from = 0, label = "x" } }):find("needs from, to and label"))
        assert(refused(kith.date.week_start, "2026-03-04", 8):find("must be 1 %(Monday%) to 7"))
        assert(refused(kith.date.week_start, "0001-01-01", 7):find("outside the calendar"))
        print("ok")
        """.write(toFile: sandbox.path("helpers.lua"), atomically: true, encoding: .utf8)
        let r = try sandbox.kith(["run", "helpers.lua"])
        #expect(r.status == 0 && r.stdout.contains("ok"), "\(r.summary)")
    }

    @Test("the bundled PHQ-9 and GAD-7 score through the helpers exactly as published")
    func instruments() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let env = ["KITH_PLUGIN_PATH": KithSandbox.packageRoot.appendingPathComponent("plugins").path]
        for (args, says) in [
            (["assess", "phq9", "--answers", "1,1,1,1,1,0,0,0,0"], "PHQ-9: 5 (mild)"),
            (["assess", "phq9", "--answers", "3,3,3,3,3,3,3,3,3"], "PHQ-9: 27 (severe)"),
            (["assess", "gad7", "--answers", "2,2,2,2,2,0,0"], "GAD-7: 10 (moderate)"),
            (["assess", "gad7", "--answers", "0,0,0,0,0,0,0"], "GAD-7: 0 (minimal)"),
        ] {
            let r = try sandbox.kith(args, environment: env)
            #expect(r.status == 0 && r.stdout.contains(says), "\(args): \(r.summary)")
        }
    }
}
