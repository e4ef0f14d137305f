import ArgumentParser
import Foundation
import KithCore
import KithPlugins
import KithSession

/// `kith plugins install|update SOURCE`: shows who signed it and what each plugin may do, in
/// plain words, and asks before anything is copied.
struct PluginsInstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install plugins from a plugin folder or a clinic's bundle, after showing what they may do.",
        discussion: "See docs/plugins.md, 'Distributing plugins'.")

    @Argument(help: "A plugin folder, a bundle folder (plugins/ID/...) or a bundle file.") var source: String
    @Flag(help: "Agree without being asked (for scripted installs); what is agreed to is still shown.") var yes = false

    func run() throws { try PluginConsent.run(source: source, yes: yes, updating: false) }
}

struct PluginsUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Update installed plugins from a folder or bundle; a new permission needs consent again.")

    @Argument(help: "A plugin folder, a bundle folder or a bundle file.") var source: String
    @Flag(help: "Agree without being asked; what is agreed to is still shown.") var yes = false

    func run() throws { try PluginConsent.run(source: source, yes: yes, updating: true) }
}

enum PluginConsent {
    static func run(source: String, yes: Bool, updating: Bool) throws {
        let environment = ProcessInfo.processInfo.environment
        let userFolder = KithPaths.dataHome(environment: environment) + "/plugins"
        let settings = try KithConfig.load(environment: environment)
        // Plugins elsewhere on the path (bundled, a clinic folder) that an install would shadow.
        let path = PluginPath.resolve(configured: settings.pluginPath, environment: environment)
        var elsewhere: [String: String] = [:]
        for record in PluginHost.discover(path: path, disabled: []) where !record.directory.hasPrefix(userFolder + "/")
        {
            elsewhere[record.id] = elsewhere[record.id] ?? "\(record.origin) \(record.directory)"
        }
        let plan = try PluginInstaller.inspect(
            source, into: userFolder, trusted: TrustedKeys(environment: environment), elsewhere: elsewhere)
        defer { plan.discard() }
        if updating, let new = plan.items.first(where: { $0.installed == nil }) {
            throw KithError(
                .invalidInput,
                "'\(new.manifest.id)' is not installed, so there is nothing to update; install it with 'kith plugins install \(source)'."
            )
        }
        var lines: [String] = []
        switch plan.verdict {
        case .unsigned:
            lines.append("Warning: this is not signed. Nothing says who wrote it, or that it is what they wrote.")
            if settings.requireSignatures {
                throw KithError(
                    .invalidInput,
                    "\(source) is not signed, and this machine's settings require signatures (require_signatures in \(settings.file)); nothing was installed."
                )
            }
        case .signed(let signer, let fingerprint, let trusted):
            lines.append("Signed by \(signer), key \(fingerprint)" + (trusted ? " (trusted)." : "."))
            if !trusted {
                lines.append(
                    "Warning: you have not trusted this key. Compare its fingerprint with the one \(signer) publishes; 'kith plugins trust KEYFILE' trusts it."
                )
                if settings.requireSignatures {
                    throw KithError(
                        .invalidInput,
                        "\(source) is signed by a key this machine does not trust, and its settings require signatures from trusted keys; nothing was installed."
                    )
                }
            }
        }
        for item in plan.items {
            let m = item.manifest
            var head = "\(m.id) \(m.version)"
            if let installed = item.installed { head += " (installed: \(installed.version))" }
            lines.append("")
            lines.append(head + (m.description.map { ": \($0)" } ?? ""))
            if item.isDowngrade {
                lines.append(
                    "  Warning: this is OLDER than the version installed; an older version may bring back what was fixed."
                )
            }
            if item.installed != nil, case .signed(_, let fingerprint, _) = plan.verdict,
                item.installedSigner != fingerprint
            {
                lines.append("  Warning: the installed version was signed by another key, or by none.")
            }
            if let other = item.replaces {
                lines.append("  Warning: it takes the place of the plugin '\(m.id)' from \(other).")
            }
            if m.permissions.isEmpty {
                lines.append("  It may not read or change any of your data.")
            } else {
                lines.append("  It may:")
                for p in m.permissions {
                    let new = item.installed != nil && item.added.contains(p)
                    lines.append("  - \(p.plainWords)" + (new ? "   (NEW: the installed version could not)" : ""))
                }
            }
        }
        let profile = try ProfileConsent(
            plan.profile, settings: settings, verdict: plan.verdict, environment: environment)
        lines += profile.lines
        print(lines.joined(separator: "\n"))
        print("")
        if (plan.needsConsent || profile.profile != nil) && !yes {
            guard isatty(0) == 1 else {
                throw KithError(
                    .invalidInput,
                    "nothing was installed: read the above, then run again with --yes to agree (or run it in a terminal to be asked)"
                )
            }
            FileHandle.standardOutput.write(Data((updating ? "Update these? [y/N] " : "Install these? [y/N] ").utf8))
            guard let answer = readLine(),
                ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces))
            else {
                print("Nothing was installed.")
                return
            }
        }
        try PluginInstaller.install(plan, into: userFolder, at: KithClock.system.nowText)
        if !plan.items.isEmpty {
            let ids = plan.items.map(\.manifest.id).joined(separator: ", ")
            print("\(updating ? "Updated" : "Installed") \(ids) in \(userFolder).")
        }
        try profile.apply(settings: settings, environment: environment)
    }
}

struct PluginsRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a plugin you installed; what it stored and scored stays.")

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "The plugin's id.") var id: String

    func run() throws {
        let userFolder = KithPaths.dataHome() + "/plugins"
        try PluginInstaller.remove(id, from: userFolder)
        print("Removed \(id) from \(userFolder).")
        print(
            "What it kept with kith.store stays in the store, unused; results it scored stay, with '\(id)' and its version as their scorer."
        )
    }
}

struct PluginsPack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pack", abstract: "Put a (signed) bundle folder into one file to publish.")

    @Argument(help: "The bundle folder (sign it first).") var bundle: String
    @Option(name: .shortAndLong, help: ArgumentHelp("The bundle file to write.", valueName: "file")) var output: String

    func run() throws {
        let count = try BundleArchive.pack(bundle, to: output)
        print("Wrote \(output): \(count) \(count == 1 ? "file" : "files").")
    }
}

struct PluginsKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen", abstract: "Make a signing key for a clinic's bundles (KEY, and KEY's .pub to publish).")

    @Argument(help: "The private key's file, such as clinic.key (kept secret, mode 0600).") var file: String
    @Option(help: "Who signs: shown to people before they install.") var name: String

    func run() throws {
        let written = try SigningKey(name: try TextInput.clean(name, field: "name", trim: true)).write(to: file)
        print("Wrote \(file) (keep it secret) and \(written.publicPath) (publish it).")
        print("Fingerprint: \(written.fingerprint)")
    }
}

struct PluginsSign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "Sign a bundle folder: every file's hash, signed with your key.")

    @Argument(help: "The bundle folder.") var bundle: String
    @Option(help: "The private key (from 'kith plugins keygen').") var key: String

    func run() throws {
        let signing = try SigningKey.read(key)
        let signed = try BundleSignature.sign(bundle, key: signing)
        let count = signed.manifest.split(separator: "\n").count
        print("Signed \(count) \(count == 1 ? "file" : "files") in \(bundle) as \(signing.name).")
    }
}

struct PluginsTrust: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Trust a clinic's public key: bundles it signs install without the unknown-signer warning.")

    @Argument(help: "The public key file (.pub).") var file: String

    func run() throws {
        let key = try TrustedKeys().trust(publicKeyFile: file)
        print("Trusted \(key.name), key \(key.fingerprint).")
        print("Compare this fingerprint with the one \(key.name) publishes.")
    }
}
