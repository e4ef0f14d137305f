import Foundation
import KithCore

/// Installs plugins from a plugin folder or a bundle folder (`plugins/ID/...`, signed with
/// `kith-bundle.sig`) into the person's own plugin folder: first `inspect` says everything the
/// person must agree to (who signed, each plugin and the permissions it asks for, what an
/// update adds), then `install` copies each plugin whole or not at all.
public enum PluginInstaller {
    /// What installing a source would do, for the person to read before agreeing.
    public struct Plan: Sendable {
        public struct Item: Sendable {
            public let manifest: PluginManifest
            public let folder: String
            /// The version installed now, if any.
            public let installed: PluginManifest?
            /// Who signed the installed version (its fingerprint), if Kith installed it signed.
            public let installedSigner: String?
            /// A plugin with the same id elsewhere on the plugin path (a bundled one) that this
            /// one would take the place of.
            public let replaces: String?
            /// Older than the one installed: a downgrade may bring back what an update fixed.
            public var isDowngrade: Bool {
                installed.map {
                    PluginManifest.core(of: manifest.version).lexicographicallyPrecedes(
                        PluginManifest.core(of: $0.version))
                } ?? false
            }
            /// Permissions the new version asks for that the installed one did not have.
            public var added: [Permission] {
                guard let installed else { return manifest.permissions }
                return manifest.permissions.filter { !installed.permissions.contains($0) }
            }
        }
        public let source: String
        public let verdict: BundleSignature.Verdict
        public let items: [Item]
        /// The clinic profile the bundle carries (`profile.toml`, covered by its signature), as
        /// text for the session layer to read; nil when it has none.
        public let profile: String?
        /// The private copy everything was checked in, and is installed from.
        let staging: String
        /// Whether installing asks for anything beyond what is installed: a first install, a new
        /// permission, another signer, an older version, a plugin taking another's place, or a
        /// signer not trusted.
        public var needsConsent: Bool {
            guard case .signed(_, let fingerprint, true) = verdict else { return true }
            return items.contains {
                $0.installed == nil || !$0.added.isEmpty || $0.isDowngrade || $0.replaces != nil
                    || $0.installedSigner != fingerprint
            }
        }

        /// Removes the private copy (after a refusal or an install).
        public func discard() { try? FileManager.default.removeItem(atPath: staging) }
    }

    /// The file beside an installed plugin that says where it came from and who signed it.
    public static let recordName = ".kith-install.json"

    /// Where it came from, kept with an installed plugin.
    public struct Record: Codable, Sendable {
        public var source: String
        public var signer: String?
        public var fingerprint: String?
        public var installedAt: String
        enum CodingKeys: String, CodingKey { case source, signer, fingerprint, installedAt = "installed_at" }
    }

    /// Copies `source` into a private staging folder (plain files and folders only, never a
    /// link), checks the copy against its signature and reads its plugins from it: what is shown,
    /// checked and installed is one and the same copy, whatever happens to `source` meanwhile.
    /// `elsewhere` maps ids found on the rest of the plugin path to where they are.
    public static func inspect(
        _ source: String, into userFolder: String, trusted: TrustedKeys, elsewhere: [String: String] = [:]
    ) throws -> Plan {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else {
            throw KithError(
                .notFound, "\(source) does not exist: give a plugin folder, a bundle folder or a bundle file.")
        }
        try FileManager.default.createDirectory(
            atPath: userFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let staging = userFolder + "/.staging-" + UUID().uuidString
        do {
            do {
                if isFolder.boolValue {
                    try stage(source, to: staging)
                } else {
                    try BundleArchive.unpack(source, to: staging)
                }
            } catch let error as KithError where !isFolder.boolValue && error.reason.hasPrefix("it ") {
                throw BundleArchive.damaged(source, error.reason)
            }
            let verdict = try BundleSignature.verify(staging, trusted: trusted)
            let profilePath = staging + "/" + profileName
            // Only a bundle carries a profile; a plugin folder's own files stay the plugin's.
            let isBundle = !FileManager.default.fileExists(atPath: staging + "/plugin.toml")
            let profile = isBundle && FileManager.default.fileExists(atPath: profilePath) ? try text(profilePath) : nil
            let items = try plugins(
                in: staging, userFolder: userFolder, elsewhere: elsewhere, profileOnly: profile != nil)
            return Plan(source: source, verdict: verdict, items: items, profile: profile, staging: staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Copies plain files and folders (at most 64 MiB in all), refusing anything else.
    static func stage(_ source: String, to staging: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(
            atPath: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        guard let walker = fm.enumerator(atPath: source) else {
            throw KithError(.notFound, "Could not read \(source).")
        }
        var total = 0
        while let relative = walker.nextObject() as? String {
            let from = source + "/" + relative, to = staging + "/" + relative
            let attributes = try fm.attributesOfItem(atPath: from)  // lstat: a link is a link
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?:
                try fm.createDirectory(
                    atPath: to, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            case .typeRegular?:
                total += attributes[.size] as? Int ?? 0
                guard total <= 64 << 20 else {
                    throw KithError(.invalidInput, "\(source) holds over 64 MiB; a bundle holds plugins' code and data")
                }
                try Data(contentsOf: URL(fileURLWithPath: from)).write(to: URL(fileURLWithPath: to))
            default:
                throw KithError(
                    .invalidInput,
                    "\(PlainText.line(relative)) is not a plain file (a link?); a bundle holds plain files only; nothing was installed"
                )
            }
        }
    }

    /// A bundle's clinic profile, at its top.
    public static let profileName = "profile.toml"

    private static func plugins(
        in staging: String, userFolder: String, elsewhere: [String: String], profileOnly: Bool
    ) throws -> [Plan.Item] {
        let folders: [String]
        if FileManager.default.fileExists(atPath: staging + "/plugin.toml") {
            folders = [staging]
        } else {
            let plugins = staging + "/plugins"
            folders = ((try? FileManager.default.contentsOfDirectory(atPath: plugins)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") }.map { plugins + "/" + $0 }
                .filter { FileManager.default.fileExists(atPath: $0 + "/plugin.toml") }
        }
        guard !folders.isEmpty || profileOnly else {
            throw KithError(
                .invalidInput,
                "It holds no plugin and no profile: a plugin folder has plugin.toml; a bundle, plugins/ID/plugin.toml, profile.toml or both."
            )
        }
        let items = try folders.map { folder -> Plan.Item in
            let shown = folder.replacingOccurrences(of: staging, with: "").drop(while: { $0 == "/" })
            let manifest = try PluginManifest.parse(
                try text(folder + "/plugin.toml"), file: (shown.isEmpty ? "" : shown + "/") + "plugin.toml")
            let target = userFolder + "/" + manifest.id
            let installed =
                FileManager.default.fileExists(atPath: target + "/plugin.toml")
                ? try? PluginManifest.parse(try text(target + "/plugin.toml"), file: target + "/plugin.toml") : nil
            return Plan.Item(
                manifest: manifest, folder: folder, installed: installed,
                installedSigner: installed == nil ? nil : record(of: target)?.fingerprint,
                replaces: elsewhere[manifest.id])
        }
        let ids = items.map(\.manifest.id)
        if let twice = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw KithError(.invalidInput, "It holds two plugins with the id '\(twice)'; nothing was installed.")
        }
        return items
    }

    /// Copies every plugin of the plan into `userFolder`, each replacing the old one whole.
    public static func install(_ plan: Plan, into userFolder: String, at now: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(
            atPath: userFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var record = Record(source: plan.source, signer: nil, fingerprint: nil, installedAt: now)
        if case .signed(let signer, let fingerprint, _) = plan.verdict {
            record.signer = signer
            record.fingerprint = fingerprint
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        defer { plan.discard() }
        for item in plan.items {
            let staging = userFolder + "/.installing-" + UUID().uuidString
            // From the checked private copy, never from the source again.
            try fm.moveItem(atPath: item.folder, toPath: staging)
            try? fm.removeItem(atPath: staging + "/" + BundleSignature.fileName)
            try? fm.removeItem(atPath: staging + "/" + recordName)
            try encoder.encode(record).write(to: URL(fileURLWithPath: staging + "/" + recordName))
            let target = userFolder + "/" + item.manifest.id
            if fm.fileExists(atPath: target) {
                let old = userFolder + "/.replaced-" + UUID().uuidString
                try fm.moveItem(atPath: target, toPath: old)
                try fm.moveItem(atPath: staging, toPath: target)
                try? fm.removeItem(atPath: old)
            } else {
                try fm.moveItem(atPath: staging, toPath: target)
            }
        }
    }

    /// Where an installed plugin came from, if Kith installed it.
    public static func record(of folder: String) -> Record? {
        guard let data = FileManager.default.contents(atPath: folder + "/" + recordName) else { return nil }
        return try? JSONDecoder().decode(Record.self, from: data)
    }

    /// Removes a plugin from `userFolder` (only there: bundled plugins and others' folders stay).
    public static func remove(_ id: String, from userFolder: String) throws {
        let target = userFolder + "/" + id
        guard !id.isEmpty, !id.contains("/"), !id.hasPrefix("."),
            FileManager.default.fileExists(atPath: target + "/plugin.toml")
        else {
            throw KithError(
                .notFound, "No plugin '\(id)' is installed in \(userFolder); only plugins there can be removed.",
                hint: .listPlugins)
        }
        try FileManager.default.removeItem(atPath: target)
    }

    private static func text(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20,
            let text = String(data: data, encoding: .utf8)
        else { throw KithError(.invalidInput, "\(path) is not a readable UTF-8 file of at most 1 MiB.") }
        return text
    }
}
