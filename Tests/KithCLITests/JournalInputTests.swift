import Foundation
import Testing

/// Long entries and the small mistakes of typing one.
@Suite("journal input: stdin, the editor, blank text, #tags")
struct JournalInputTests {
    @Test("'-' reads the whole entry from standard input, lines and all")
    func fromStandardInput() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let result = try runProcess(
            "/bin/bash",
            ["-c", "printf 'first line\\nsecond line\\n' | '\(KithSandbox.binary)' journal add - --mood 3 --json"],
            environment: sandbox.environment())
        #expect(result.status == 0, "\(result.summary)")
        #expect(try jsonObject(result)["text"] as? String == "first line\nsecond line")
    }

    @Test("with no text on a terminal, the entry is written in $EDITOR")
    func inTheEditor() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let script = try #require(systemTool("script"), "util-linux 'script' is needed for pty tests")
        let editor = sandbox.path("editor.sh")
        try "#!/bin/sh\nprintf 'Written in the editor.\\nA second paragraph.\\n' > \"$1\"\n".write(
            toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let result = try runProcess(
            script, ["-qec", "'\(KithSandbox.binary)' journal add", "/dev/null"],
            environment: sandbox.environment(overrides: ["EDITOR": editor]), currentDirectory: sandbox.root)
        #expect(result.status == 0 && result.stdout.contains("Added entry #1"), "\(result.summary)")
        let entry = try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).first
        #expect(entry?["text"] as? String == "Written in the editor.\nA second paragraph.")
    }

    @Test("blank text and blank plan items are refused; '#x' is the tag x")
    func blanksAndTags() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let blank = try sandbox.kith(["journal", "add", "   "])
        #expect(
            blank.status == 1
                && blank.stderrLines == ["error: An entry needs at least a mood, some text, a tag or a metric."],
            "\(blank.summary)")
        let plan = try sandbox.kith(["plan", "add", "help", "  "])
        #expect(plan.status == 1 && plan.stderr.contains("is empty"), "\(plan.summary)")
        let tagged = try jsonObject(sandbox.succeed(["journal", "add", "group night", "--tag", "#Group", "--json"]))
        #expect(tagged["tags"] as? [String] == ["group"])
        #expect(try sandbox.kith(["journal", "add", "x", "--tag", "#"]).status == 1)
    }
}
