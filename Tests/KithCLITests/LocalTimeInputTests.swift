import Foundation
import Testing

/// Times as a person types them: a local date-time means their own zone (Kith works out the
/// offset, across DST too), and `today`, `yesterday`, `now` mean what they say.
@Suite("local times and day words in input")
struct LocalTimeInputTests {
    static let newYork = ["TZ": "America/New_York", "KITH_NOW": "2026-03-10T15:00:00Z"]

    private func at(_ sandbox: KithSandbox, _ typed: String) throws -> String {
        let result = try sandbox.kith(["journal", "add", "x", "--at", typed, "--json"], environment: Self.newYork)
        #expect(result.status == 0, "\(typed): \(result.summary)")
        return try jsonObject(result)["at"] as? String ?? ""
    }

    @Test("a local date-time is in the person's zone: winter, summer, the spring gap and the autumn overlap")
    func localDateTimes() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        #expect(try at(sandbox, "2026-03-03 19:00") == "2026-03-04T00:00:00Z")  // EST
        #expect(try at(sandbox, "2026-07-01T19:00") == "2026-07-01T23:00:00Z")  // EDT, with a T
        #expect(try at(sandbox, "2026-03-08 02:30") == "2026-03-08T07:30:00Z")  // in the gap: 03:30 EDT
        #expect(try at(sandbox, "2026-11-01 01:30") == "2026-11-01T05:30:00Z")  // repeated: the first, EDT
        #expect(try at(sandbox, "2026-03-03T19:00:00-05:00") == "2026-03-04T00:00:00Z", "an offset still wins")
        let scheduled = try sandbox.kith(
            ["schedule", "add", "Group", "--starts", "2026-03-03 19:00", "--repeat", "weekly", "--json"],
            environment: Self.newYork)
        #expect(scheduled.status == 0, "\(scheduled.summary)")
        #expect(try jsonObject(scheduled)["starts"] as? String == "2026-03-04T00:00:00Z", "\(scheduled.summary)")
    }

    @Test("today, yesterday, tomorrow and now, in any case")
    func dayWords() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        // 15:00Z on 10 March is 11:00 in New York (EDT since the 8th): local midnight is 04:00Z.
        #expect(try at(sandbox, "today") == "2026-03-10T04:00:00Z")
        #expect(try at(sandbox, "Yesterday") == "2026-03-09T04:00:00Z")
        #expect(try at(sandbox, "now") == "2026-03-10T15:00:00Z")
        let bad = try sandbox.kith(["journal", "add", "x", "--at", "last tuesday"], environment: Self.newYork)
        #expect(
            bad.status == 1
                && bad.stderrLines == [
                    "error: field 'at' must be a date (2026-03-01), a local time (2026-03-01 09:30), an instant (2026-03-01T09:30:00Z), today, yesterday or now, got \"last tuesday\""
                ],
            "\(bad.summary)")
    }

    @Test("journal list --since yesterday --until today covers both whole days")
    func dayWordsInRanges() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for at in ["2026-03-08 23:59", "2026-03-09 00:01", "2026-03-10 22:00", "2026-03-11 00:30"] {
            #expect(try sandbox.kith(["journal", "add", at, "--at", at], environment: Self.newYork).status == 0)
        }
        let listed = try jsonObjects(
            sandbox.kith(
                ["journal", "list", "--since", "yesterday", "--until", "today", "--json"], environment: Self.newYork))
        #expect(
            listed.compactMap { $0["text"] as? String }.sorted() == ["2026-03-09 00:01", "2026-03-10 22:00"],
            "\(listed)")
    }
}
