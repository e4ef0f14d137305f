import Foundation
import Testing

/// `kith plan edit` with a real editor on a real terminal (a pty from util-linux `script`).
@Suite("kith plan edit on a terminal", .serialized)
struct PlanEditTests {
    /// Runs `kith plan edit` under a pty with `editor` as $EDITOR, typing `typed` on the
    /// terminal a moment after it starts; gives up after 20 s (a stopped editor hangs).
    func editOnTerminal(_ sandbox: KithSandbox, editor: String, typed: String = "") throws -> ProcessResult {
        let script = try #require(systemTool("script"), "util-linux 'script' is needed for pty tests")
        let editorFile = sandbox.path("editor.sh")
        try ("#!/bin/sh\n" + editor).write(toFile: editorFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editorFile)
        let input = typed.isEmpty ? "" : "printf '%s\\n' '\(typed)';"
        let shell =
            "(sleep 1; \(input) sleep 2) | timeout 20 '\(script)' -qec \"'\(KithSandbox.binary)' plan edit\" /dev/null"
        return try runProcess(
            "/bin/bash", ["-c", shell], environment: sandbox.environment(overrides: ["EDITOR": editorFile]),
            currentDirectory: sandbox.root)
    }

    @Test("the editor owns the terminal: it reads what the person types, and the plan is saved")
    func editorReadsTheTerminal() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        // An editor that reads the terminal, as vi and nano do: in a background process group
        // this read stops it (SIGTTIN) and the command hangs until the timeout (status 124).
        let result = try editOnTerminal(
            sandbox,
            editor: """
                IFS= read -r answer < /dev/tty
                printf '## 1. Warning signs\\n- %s\\n' "$answer" > "$1"
                """, typed: "cannot sleep")
        #expect(result.status == 0, "\(result.summary)")
        #expect(result.stdout.contains("Saved the safety plan (1 items)"), "\(result.stdout)")
        let plan = try sandbox.succeed(["plan"]).stdout
        #expect(plan.contains("- cannot sleep"), "\(plan)")
    }

    @Test("a plan that does not read back reopens with the error on top, and what was typed is kept")
    func reopensWithError() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let seen = sandbox.path("seen.txt")
        let result = try editOnTerminal(
            sandbox,
            editor: """
                if grep -q '^# kith: line 2: items start with' "$1"; then
                  grep -q 'my own words' "$1" && echo kept >> '\(seen)'
                  printf '## 1. Warning signs\\n- my own words\\n' > "$1"
                else
                  printf '## 1. Warning signs\\nmy own words\\n' > "$1"
                fi
                """)
        #expect(result.status == 0, "\(result.summary)")
        #expect(
            (try? String(contentsOfFile: seen, encoding: .utf8)) == "kept\n",
            "the second opening showed the error above the typed text")
        #expect(try sandbox.succeed(["plan"]).stdout.contains("- my own words"))
    }

    @Test("off a terminal, a plan that does not read back is kept in a file the message names, and nothing changes")
    func keptWhenNotATerminal() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["plan", "add", "warning_signs", "pacing at night"])
        let editor = sandbox.path("editor.sh")
        try "#!/bin/sh\nprintf '## 9. Nowhere\\n- lost words\\n' > \"$1\"\n".write(
            toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let result = try sandbox.kith(["plan", "edit"], environment: ["EDITOR": editor])
        #expect(result.status == 1 && result.stderrLines.count == 1, "\(result.summary)")
        let draft = sandbox.path("xdg/kith/safety-plan-draft.txt")
        #expect(
            result.stderr.contains("line 1: a step heading must start with its number 1 to 7")
                && result.stderr.contains(draft), "\(result.summary)")
        #expect(try String(contentsOfFile: draft, encoding: .utf8).contains("- lost words"))
        #expect(try posixPermissions(draft) == 0o600)
        #expect(try sandbox.succeed(["plan"]).stdout.contains("pacing at night"), "the plan is unchanged")
        let again = try sandbox.kith(["plan", "edit", "--from", draft])
        #expect(again.status == 1, "the draft still needs fixing: \(again.summary)")
    }

    @Test("an editor that exits with an error after the plan was changed keeps what was written")
    func keptWhenEditorFails() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let editor = sandbox.path("editor.sh")
        try "#!/bin/sh\nprintf '## 1. Warning signs\\n- words worth keeping\\n' > \"$1\"\nexit 1\n".write(
            toFile: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor)
        let result = try sandbox.kith(["plan", "edit"], environment: ["EDITOR": editor])
        let draft = sandbox.path("xdg/kith/safety-plan-draft.txt")
        #expect(
            result.status == 1 && result.stderrLines.count == 1 && result.stderr.contains("exited with status 1")
                && result.stderr.contains(draft),
            "\(result.summary)")
        #expect(try String(contentsOfFile: draft, encoding: .utf8).contains("words worth keeping"))
    }
}
