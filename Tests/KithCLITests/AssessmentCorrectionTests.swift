import Foundation
import Testing

/// Correcting assessment results as a person would: a mistaken answer fixed and scored
/// again, a wrong time moved, a result entered by mistake deleted, and undo for each.
@Suite("kith assess edit and delete")
struct AssessmentCorrectionTests {
    static let env = ["KITH_PLUGIN_PATH": KithSandbox.packageRoot.appendingPathComponent("plugins").path]

    func results(_ sandbox: KithSandbox) throws -> [[String: Any]] {
        try jsonObjects(sandbox.kith(["assess", "results", "--json"], environment: Self.env))
    }

    @Test(
        "new answers are scored again; a risk answer added by a correction leads to help; undo restores the old result")
    func correctAnswers() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        #expect(
            try sandbox.kith(["assess", "phq9", "--answers", "1,1,1,1,1,1,1,1,0"], environment: Self.env).status == 0)
        let list = try sandbox.kith(["assess", "results"], environment: Self.env)
        #expect(
            list.stdout.contains("#1 ") && list.stdout.contains("ID"),
            "results show each result's number: \(list.stdout)")
        let fixed = try sandbox.kith(["assess", "edit", "1", "--answers", "1,1,1,1,1,1,1,1,1"], environment: Self.env)
        #expect(fixed.status == 0 && fixed.stdout.contains("Corrected result #1: phq9 9"), "\(fixed.summary)")
        #expect(
            fixed.stdout.contains("Who to reach now"),
            "a risk answer in a correction shows who to reach: \(fixed.stdout)")
        let remind = try sandbox.kith(["remind", "--json"], environment: Self.env)
        #expect(remind.stdout.contains("kith.crisis"), "\(remind.summary)")
        #expect(try results(sandbox).first?["total"] as? Double == 9)
        #expect(try sandbox.kith(["undo"], environment: Self.env).status == 0)
        let back = try #require(try results(sandbox).first)
        #expect(back["total"] as? Double == 8 && (back["answers"] as? [String: Int])?["9"] == 0)
        // Wrong answers are refused whole, the result unchanged.
        let wrong = try sandbox.kith(["assess", "edit", "1", "--answers", "1,1"], environment: Self.env)
        #expect(wrong.status != 0 && wrong.stderr.split(separator: "\n").count == 1, "\(wrong.summary)")
        #expect(try results(sandbox).first?["total"] as? Double == 8)
    }

    @Test("a result's time is moved; a result entered by mistake is deleted, and undo brings it back")
    func moveAndDelete() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        #expect(try sandbox.kith(["assess", "gad7", "--answers", "1,1,1,1,1,1,1"], environment: Self.env).status == 0)
        #expect(try sandbox.kith(["assess", "gad7", "--answers", "3,3,3,3,3,3,3"], environment: Self.env).status == 0)
        let moved = try sandbox.kith(["assess", "edit", "#1", "--at", "2026-02-20T09:00"], environment: Self.env)
        #expect(moved.status == 0, "\(moved.summary)")
        #expect(try results(sandbox).last?["at"] as? String == "2026-02-20T09:00:00Z")
        let deleted = try sandbox.kith(["assess", "delete", "2"], environment: Self.env)
        #expect(deleted.status == 0 && deleted.stdout.contains("Deleted result #2"), "\(deleted.summary)")
        #expect(try results(sandbox).count == 1)
        #expect(try sandbox.kith(["undo"], environment: Self.env).status == 0)
        #expect(try results(sandbox).count == 2)
        for (args, says) in [
            (["assess", "delete", "9"], "no result #9"), (["assess", "delete"], "Give one result's number"),
            (["assess", "edit", "1"], "Nothing to correct"),
        ] {
            let r = try sandbox.kith(args, environment: Self.env)
            #expect(r.status != 0 && r.stderr.contains(says), "\(args): \(r.summary)")
        }
    }

    @Test("subscale names read as words: MSPSS's significant_other is 'significant other'")
    func subscaleWords() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let r = try sandbox.kith(["assess", "mspss", "--answers", "5,5,5,5,5,5,5,5,5,5,5,5"], environment: Self.env)
        #expect(
            r.status == 0 && r.stdout.contains("significant other: 5") && !r.stdout.contains("significant_other"),
            "\(r.summary)")
    }
}
