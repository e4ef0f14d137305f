import Testing
@testable import KithCore

/// TextInput has a byte-level path for ASCII (imports) and Foundation's for the rest; both must agree.
@Suite("Text input")
struct TextInputTests {
    @Test(
        "trimming: ASCII and non-ASCII text lose the same surrounding whitespace",
        arguments: [
            ("  group \n", "group"), ("\t\r\nx y\u{0B}\u{0C}", "x y"), ("   ", ""), ("", ""), ("plain", "plain"),
            ("  café ", "café"), ("\u{00A0}é\u{2003}", "é"), (" cafe\u{301} ", "café"),
        ])
    func trims(input: String, expected: String) throws {
        #expect(try TextInput.clean(input, field: "f", trim: true) == expected)
    }

    @Test(
        "tags are lower-cased single words; spaces, tabs and commas are refused",
        arguments: [
            ("Group", "group"), (" Sleep\t", "sleep"), ("ÉTÉ", "été"),
        ])
    func tags(input: String, expected: String) throws {
        #expect(try TextInput.tag(input) == expected)
    }

    @Test(
        "a tag with a space, a tab, a comma or only whitespace is refused",
        arguments: ["two words", "a\tb", "a,b", "é t", "  ", "x\u{2003}y"])
    func badTags(input: String) {
        #expect(throws: KithError.self) { try TextInput.tag(input) }
    }

    @Test("tags of an entry come back sorted and without duplicates")
    func cleanTags() throws {
        #expect(try KithStore.cleanTags(["b", "A", "a"]) == ["a", "b"])
        #expect(try KithStore.cleanTags([" One "]) == ["one"])
        #expect(try KithStore.cleanTags([]) == [])
    }
}
