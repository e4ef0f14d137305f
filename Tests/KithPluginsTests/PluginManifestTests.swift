import Testing
import KithCore
@testable import KithPlugins

@Suite("plugin.toml")
struct PluginManifestTests {
    let valid = """
        id = "clinic.twelve-step"
        name = "Twelve-step support"
        version = "1.2.0"
        kith_api = 1
        description = "Sponsor support type."
        author = "Riverside Clinic"
        permissions = ["people.read", "interactions.read", "journal.read"]
        """

    @Test("a valid manifest is read with its permissions")
    func parsesValid() throws {
        let m = try PluginManifest.parse(valid)
        #expect(
            m.id == "clinic.twelve-step" && m.version == "1.2.0" && m.kithAPI == 1 && m.author == "Riverside Clinic")
        #expect(m.permissions == [.peopleRead, .interactionsRead, .journalRead])
    }

    @Test(
        "problems are explained",
        arguments: [
            ("id = \"Bad Id\"", "'id' must be made of a-z"),
            ("version = \"1.2\"", "'version' must be a semantic version"),
            ("kith_api = 2", "needs Lua API version 2, but this Kith provides version 1"),
            ("permissions = [\"people.read\", \"files.write\"]", "unknown permission 'files.write'"),
            ("colour = \"blue\"", "unknown key 'colour'"),
        ])
    func invalid(change: String, message: String) throws {
        let key = change.split(separator: " ").first!
        var lines = valid.split(separator: "\n").filter { !$0.hasPrefix(key + " ") }.map(String.init)
        lines.append(change)
        let error = #expect(throws: KithError.self) { try PluginManifest.parse(lines.joined(separator: "\n")) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }

    @Test("a missing field and a TOML syntax error name the file")
    func missingAndSyntax() {
        let missing = #expect(throws: KithError.self) {
            try PluginManifest.parse("id = \"x\"\nversion = \"1.0.0\"\nkith_api = 1")
        }
        #expect(missing?.description == "plugin.toml: 'name' is required")
        let syntax = #expect(throws: KithError.self) { try PluginManifest.parse("id = \"x\nname = 1") }
        #expect(syntax?.description.hasPrefix("plugin.toml:1:") == true, "\(String(describing: syntax))")
    }
}
