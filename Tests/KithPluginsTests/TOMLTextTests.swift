import KithPlugins
import Testing

/// TOML text reaches the bundled parser (toml++) only through TOMLText, which refuses the
/// table headers it would abort on. Random short texts from TOML's own punctuation: any
/// abort ends this test process, so the test fails loudly rather than by an expectation.
@Suite("TOML text: nothing reaches the parser's unchecked assumptions")
struct TOMLTextTests {
    @Test("the headers that aborted the parser are refused with their line")
    func knownAborts() {
        for text in [
            "[[[", "[=]", "[.a]", "[\n", "[[\n", "a = 1\n[ \r\n", " [[ =", "a = [}]", "a = [1,}", "a = {b=[}]}",
            "a = [#\n}]",
        ] {
            #expect(throws: (any Error).self, "\(text.debugDescription)") { try TOMLText.table(text, file: "f.toml") }
        }
        #expect((try? TOMLText.table("[a]\nb = 1\r\n[\"c d\"]\n", file: "f.toml")) != nil)
        #expect(
            (try? TOMLText.table("a = [\"}\", '}', \"\"\"\n}\"\"\"] # }\nb = { c = [1] }\n", file: "f.toml")) != nil)
    }

    @Test("20,000 random texts of TOML punctuation never abort the parser")
    func randomTexts() {
        var rng = SplitMix(seed: 0x6b697468)
        let alphabet = Array("[]=.\"' \n\r\t#a1{},-_\\")
        var refused = 0
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 16)
            let text = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            if (try? TOMLText.table(text, file: "f.toml")) == nil { refused += 1 }
        }
        #expect(refused > 0 && refused < 20_000, "both outcomes occur: \(refused) refused")
    }
}

/// A small seeded generator, so a failure reproduces.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
