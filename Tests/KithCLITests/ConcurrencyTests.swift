import Foundation
import Testing

/// Several kith processes writing and reading one store at once: nothing lost, and no
/// "database is locked" reaching a person.
@Suite("Concurrency: several processes on one store")
struct ConcurrencyTests {
    @Test("four writers and a reader at once lose nothing")
    func writersAndReader() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try sandbox.succeed(["init"])
        let kith = KithSandbox.binary
        let script = """
            set -u
            for w in 1 2 3 4; do
              ( for i in $(seq 1 15); do "\(kith)" journal add "writer $w entry $i" --mood 3 >/dev/null 2>>"$ERR" || echo "fail $w $i" >>"$ERR"; done ) &
            done
            ( for i in $(seq 1 20); do "\(kith)" journal list --limit 5 >/dev/null 2>>"$ERR" || echo "read fail $i" >>"$ERR"; done ) &
            wait
            """
        let errors = sandbox.path("errors.txt")
        let run = try runProcess("/bin/bash", ["-c", script], environment: sandbox.environment(overrides: ["ERR": errors]))
        #expect(run.status == 0, "\(run.summary)")
        let problems = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        #expect(problems.isEmpty, "errors reached a person: \(problems)")
        let texts = Set(try jsonObjects(sandbox.succeed(["journal", "list", "--json"])).compactMap { $0["text"] as? String })
        #expect(texts.count == 60)
        for w in 1...4 { for i in 1...15 { #expect(texts.contains("writer \(w) entry \(i)")) } }
    }
}
