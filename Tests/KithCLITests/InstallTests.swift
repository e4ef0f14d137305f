import Foundation
import Testing

/// Kith as a person installs and starts it: from PATH, in any folder, with its bundled plugins.
@Suite("install and run from PATH")
struct InstallTests {
    /// The environment of a person's shell: PATH first, none of the test's KITH_* settings.
    private func shell(_ sandbox: KithSandbox, path: String) -> [String: String] {
        var environment = sandbox.environment()
        environment.removeValue(forKey: "KITH_BUNDLED_PLUGINS")
        environment["PATH"] = path + ":/usr/bin:/bin"
        return environment
    }

    @Test(
        "scripts/install.sh puts kith, its plugins, completions and man pages under the prefix, and kith finds its plugins from any folder"
    )
    func installScript() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let prefix = sandbox.path("prefix")
        let script = KithSandbox.packageRoot.appendingPathComponent("scripts/install.sh").path
        let installed = try runProcess(
            "/bin/bash", [script, "--prefix", prefix, "--binary", KithSandbox.binary],
            environment: shell(sandbox, path: "/nowhere"))
        #expect(installed.status == 0, "\(installed.summary)")
        #expect(
            installed.stdout.contains("\(prefix)/bin is not on your PATH yet")
                && installed.stdout.contains("export PATH=\"\(prefix)/bin:$PATH\""),
            "says exactly what to add: \(installed.stdout)")
        for file in [
            "bin/kith", "share/kith/plugins/phq9/plugin.toml", "share/bash-completion/completions/kith",
            "share/zsh/site-functions/_kith", "share/fish/vendor_completions.d/kith.fish", "share/man/man1/kith.1",
            "share/man/man1/kith-plan-edit.1",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) missing")
        }
        let completion = try String(contentsOfFile: prefix + "/share/bash-completion/completions/kith", encoding: .utf8)
        #expect(
            completion.contains("journal") && completion.contains("complete"), "a bash completion for kith's commands")
        // A person's shell: kith from PATH, started in a folder of their own.
        let elsewhere = sandbox.path("somewhere")
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let environment = shell(sandbox, path: prefix + "/bin")
        let plugins = try runProcess(
            "/usr/bin/env", ["kith", "plugins", "list", "--json"], environment: environment,
            currentDirectory: URL(fileURLWithPath: elsewhere))
        let records = try #require(
            try JSONSerialization.jsonObject(with: plugins.stdoutData) as? [[String: Any]], "\(plugins.summary)")
        #expect(
            records.contains {
                $0["id"] as? String == "phq9"
                    && ($0["directory"] as? String)?.hasPrefix(prefix + "/share/kith/plugins") == true
            },
            "\(plugins.stdout)")
        let sponsor = try runProcess(
            "/usr/bin/env", ["kith", "people", "add", "Dee", "--type", "sponsor"], environment: environment,
            currentDirectory: URL(fileURLWithPath: elsewhere))
        #expect(sponsor.status == 0, "a bundled plugin's support type works from PATH: \(sponsor.summary)")
    }

    @Test("a symlink to the built kith on PATH finds the repository's plugins from any folder")
    func symlinkOnPath() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let bin = sandbox.path("bin"), elsewhere = sandbox.path("elsewhere")
        for folder in [bin, elsewhere] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.createSymbolicLink(atPath: bin + "/kith", withDestinationPath: KithSandbox.binary)
        let result = try runProcess(
            "/usr/bin/env", ["kith", "assess", "phq9", "--about"], environment: shell(sandbox, path: bin),
            currentDirectory: URL(fileURLWithPath: elsewhere))
        #expect(result.status == 0 && result.stdout.contains("Kroenke"), "\(result.summary)")
    }
}
