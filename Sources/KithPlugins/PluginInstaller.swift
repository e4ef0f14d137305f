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
            /// Permissions the new version asks for that the installed one did not have.
            public var added: [Permission] {
                guard let installed else { return manifest.permissions }
                return manifest.permissions.filter { !installed.permissions.contains($0) }
            }
        }
        public let source: String
        public let verdict: BundleSignature.Verdict
        public let items: [Item]
        /// Whether installing asks for anything beyond what is installed (or is a first install).
        public var needsConsent: Bool {
            if case .signed(_, _, true) = verdict {} else { return true }
            return items.contains { $0.installed == nil || !$0.added.isEmpty }
        }
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

    /// Reads `source` and the signature, checks every file against it, and says what an
    /// install would do. Nothing is written.
    public static func inspect(_ source: String, into userFolder: String, trusted: TrustedKeys) throws -> Plan {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder), isFolder.boolValue else {
            throw KithError(.notFound, "\(source) is not a folder: give a plugin folder or a bundle folder.")
        }
        let verdict = try BundleSignature.verify(source, trusted: trusted)
        var folders: [String]
        if FileManager.default.fileExists(atPath: source + "/plugin.toml") {
            folders = [source]
        } else {
            let plugins = source + "/plugins"
            folders = ((try? FileManager.default.contentsOfDirectory(atPath: plugins)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") }.map { plugins + "/" + $0 }
                .filter { FileManager.default.fileExists(atPath: $0 + "/plugin.toml") }
        }
        guard !folders.isEmpty else {
            throw KithError(
                .invalidInput,
                "\(source) holds no plugin: a plugin folder has plugin.toml; a bundle, plugins/ID/plugin.toml.")
        }
        let items = try folders.map { folder -> Plan.Item in
            let manifest = try PluginManifest.parse(try text(folder + "/plugin.toml"), file: folder + "/plugin.toml")
            let current = userFolder + "/" + manifest.id + "/plugin.toml"
            let installed =
                FileManager.default.fileExists(atPath: current)
                ? try? PluginManifest.parse(try text(current), file: current) : nil
            return Plan.Item(manifest: manifest, folder: folder, installed: installed)
        }
        let ids = items.map(\.manifest.id)
        if let twice = ids.first(where: { id in ids.filter { $0 == id }.count > 1 }) {
            throw KithError(.invalidInput, "\(source) holds two plugins with the id '\(twice)'; nothing was installed.")
        }
        return Plan(source: source, verdict: verdict, items: items)
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
        for item in plan.items {
            let staging = userFolder + "/.installing-" + UUID().uuidString
            try fm.copyItem(atPath: item.folder, toPath: staging)
            try? fm.removeItem(atPath: staging + "/" + BundleSignature.fileName)
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
