import Foundation
import Testing

@Suite("kith init and kith people: the network from the command line")
struct CLIPeopleTests {
    /// The people `people list ARGUMENTS --json` prints.
    private func listed(_ sandbox: KithSandbox, _ arguments: [String] = []) throws -> [[String: Any]] {
        try jsonObjects(try sandbox.succeed(["people", "list"] + arguments + ["--json"]))
    }

    private func names(_ people: [[String: Any]]) -> [String] { people.compactMap { $0["name"] as? String } }

    private func person(_ name: String, in people: [[String: Any]]) throws -> [String: Any] {
        guard let found = people.first(where: { $0["name"] as? String == name }) else {
            throw CLITestError(description: "\(name) is not among \(names(people))")
        }
        return found
    }

    /// Ana (family, inner, every 7 days, with a phone) and Marco (friend).
    private func addAnaAndMarco(_ sandbox: KithSandbox) throws {
        let added = try sandbox.succeed([
            "people", "add", "Ana", "--type", "family", "--circle", "inner",
            "--cadence", "7", "--phone", "+1 555 0100",
        ])
        #expect(added.stdout.contains("Added Ana"))
        try sandbox.succeed(["people", "add", "Marco", "--type", "friend"])
    }

    @Test("init creates the store with mode 0600 in a new folder of mode 0700, and says so once")
    func initCreatesPrivateStore() throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath))
        let first = try sandbox.succeed(["init"])
        #expect(first.stdout.contains("Created your store at \(sandbox.storePath)"))
        #expect(FileManager.default.fileExists(atPath: sandbox.storePath))
        #expect(try posixPermissions(sandbox.storePath) == 0o600)
        #expect(try posixPermissions(sandbox.path("data")) == 0o700)

        let second = try sandbox.succeed(["init"])
        #expect(second.stdout.contains("already existed"))
        #expect(try posixPermissions(sandbox.storePath) == 0o600)
    }

    @Test("without KITH_STORE or --store, the store lives under $XDG_DATA_HOME/kith")
    func defaultStorePath() throws {
        let sandbox = try KithSandbox(withStore: false)
        defer { sandbox.remove() }
        let result = try sandbox.kith(["init"], environment: ["KITH_STORE": ""])
        #expect(result.status == 0, "\(result.summary)")
        let expected = sandbox.path("xdg/kith/kith.sqlite")
        #expect(FileManager.default.fileExists(atPath: expected))
        #expect(try posixPermissions(expected) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: sandbox.storePath))

        let explicit = sandbox.path("elsewhere/mine.sqlite")
        try sandbox.succeed(["init", "--store", explicit])
        #expect(FileManager.default.fileExists(atPath: explicit))
    }

    @Test("people add, then people list --json shows the person with the fields given")
    func addAndList() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addAnaAndMarco(sandbox)
        let people = try listed(sandbox)
        #expect(names(people) == ["Ana", "Marco"])
        let ana = try person("Ana", in: people)
        #expect(ana["circle"] as? String == "inner")
        #expect(ana["type"] as? String == "family")
        #expect(ana["kind"] as? String == "person")
        #expect(ana["cadence_days"] as? Int == 7)
        #expect(ana["phone"] as? String == "+1 555 0100")
        #expect(ana["provides"] as? [String] == ["emotional", "practical"])
        #expect(ana["archived"] as? Bool == false)
        #expect(ana["created_at"] as? String == KithSandbox.fixedNow)
        #expect(!ana.keys.contains("last_interaction_at"))
        let marco = try person("Marco", in: people)
        #expect(marco["circle"] as? String == "middle")
        #expect(marco["cadence_days"] as? Int == 14)
    }

    @Test("people list filters by type and circle, in text and in JSON")
    func listFilters() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addAnaAndMarco(sandbox)
        let text = try sandbox.succeed(["people", "list", "--type", "family"])
        #expect(text.stdout.contains("Ana"))
        #expect(!text.stdout.contains("Marco"))
        #expect(try names(listed(sandbox, ["--type", "family"])) == ["Ana"])
        #expect(try names(listed(sandbox, ["--type", "friend"])) == ["Marco"])
        #expect(try names(listed(sandbox, ["--circle", "inner"])) == ["Ana"])
        #expect(try names(listed(sandbox, ["--type", "peer"])) == [])
        #expect(try names(listed(sandbox, ["--provides", "practical"])) == ["Ana", "Marco"])
    }

    @Test("people show says 'never' until an interaction is logged, then 'today'")
    func showLastInteraction() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addAnaAndMarco(sandbox)
        func lastInteractionLine() throws -> String {
            let shown = try sandbox.succeed(["people", "show", "Ana"])
            #expect(shown.stdout.hasPrefix("Ana\n"))
            #expect(shown.stdout.contains("+1 555 0100"))
            return shown.stdout.split(separator: "\n").first { $0.contains("Last interaction") }.map { String($0) }
                ?? ""
        }
        let before = try lastInteractionLine()
        #expect(before.contains("never"))
        #expect(!before.contains("today"))

        let logged = try sandbox.succeed(["log", "Ana", "--channel", "call"])
        #expect(logged.stdout.contains("Logged call with Ana"))
        let after = try lastInteractionLine()
        #expect(after.contains("today"), "\(after)")
        #expect(after.contains("call"))
        #expect(!after.contains("never"))
        #expect(try person("Ana", in: listed(sandbox))["last_interaction_at"] as? String == KithSandbox.fixedNow)
    }

    @Test("people edit changes the fields given and keeps the others")
    func edit() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addAnaAndMarco(sandbox)
        let edited = try sandbox.succeed(["people", "edit", "Ana", "--circle", "outer"])
        #expect(edited.stdout.contains("Updated Ana"))
        let ana = try person("Ana", in: listed(sandbox))
        #expect(ana["circle"] as? String == "outer")
        #expect(ana["cadence_days"] as? Int == 7)
        #expect(ana["phone"] as? String == "+1 555 0100")
        #expect(ana["type"] as? String == "family")

        try sandbox.succeed(["people", "edit", "Ana", "--no-cadence", "--name", "Ana B."])
        let renamed = try person("Ana B.", in: listed(sandbox))
        #expect(!renamed.keys.contains("cadence_days"))
        #expect(renamed["circle"] as? String == "outer")
        #expect(try names(listed(sandbox)) == ["Ana B.", "Marco"])
    }

    @Test("people archive hides someone from people list, and --archived shows them")
    func archive() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        try addAnaAndMarco(sandbox)
        try sandbox.succeed(["people", "archive", "Ana"])
        #expect(try names(listed(sandbox)) == ["Marco"])
        let archived = try listed(sandbox, ["--archived"])
        #expect(names(archived) == ["Ana"])
        #expect(try person("Ana", in: archived)["archived"] as? Bool == true)
        #expect(try names(listed(sandbox, ["--all"])) == ["Ana", "Marco"])
        let text = try sandbox.succeed(["people", "list"])
        #expect(!text.stdout.contains("Ana"))
    }
}
