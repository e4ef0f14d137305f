import Foundation
import KithCore
import KithLua
import TOMLKit

/// A plugin's `plugin.toml` (docs/lua-api.md section 2), checked.
public struct PluginManifest: Sendable, Equatable {
    /// `[a-z0-9._-]+`, unique on the plugin path.
    public var id: String
    /// The name.
    public var name: String
    /// Semantic version.
    public var version: String
    /// The Lua API major version the plugin was written for.
    public var kithAPI: Int
    /// A sentence about it.
    public var description: String?
    /// Who wrote it.
    public var author: String?
    /// What the plugin may touch in the store.
    public var permissions: [Permission]
    /// The settings it declares (`[settings.NAME]`), in the order written.
    public var settings: [PluginSetting] = []

    /// Parses and checks a manifest, explaining the first problem found.
    public static func parse(_ text: String, file: String = "plugin.toml") throws -> PluginManifest {
        let table = try TOMLText.table(text, file: file, advice: "")
        func string(_ key: String, required: Bool) throws -> String? {
            guard let value = table[key] else {
                if required { throw KithError(.invalidInput, "\(file): '\(key)' is required") }
                return nil
            }
            guard let s = value.string else { throw KithError(.invalidInput, "\(file): '\(key)' must be a string") }
            // Shown to a person deciding whether to agree: one line of plain text, no terminal codes.
            guard
                !s.unicodeScalars.contains(where: {
                    $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                })
            else {
                throw KithError(.invalidInput, "\(file): '\(key)' holds control or formatting characters")
            }
            return s
        }
        let known: Set<String> = [
            "id", "name", "version", "kith_api", "description", "author", "permissions", "settings",
        ]
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw KithError(
                .invalidInput,
                "\(file): unknown key '\(unknown)'; known keys: \(known.sorted().joined(separator: ", "))")
        }
        let id = try string("id", required: true)!
        guard let first = id.utf8.first, (first >= 0x61 && first <= 0x7A) || (first >= 0x30 && first <= 0x39),
            id.utf8.allSatisfy({
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D
            })
        else {
            throw KithError(
                .invalidInput,
                "\(file): 'id' must be made of a-z, 0-9, '.', '_' and '-', starting with a letter or digit, got \"\(id)\""
            )
        }
        // Kith keeps its own settings (the safety plan's, for one) under owners named kith.*:
        // a plugin with such an id would reach them through kith.store.
        guard !id.hasPrefix("kith."), id.count <= 64 else {
            throw KithError(
                .invalidInput,
                "\(file): 'id' must be at most 64 characters and not start with 'kith.' (Kith's own), got \"\(id)\"")
        }
        let version = try string("version", required: true)!
        guard Self.isSemver(version) else {
            throw KithError(
                .invalidInput, "\(file): 'version' must be a semantic version like 1.2.0, got \"\(version)\"")
        }
        guard let api = table["kith_api"] else {
            throw KithError(.invalidInput, "\(file): 'kith_api' is required (this Kith speaks 1)")
        }
        guard let apiVersion = api.int else { throw KithError(.invalidInput, "\(file): 'kith_api' must be an integer") }
        guard apiVersion == KithInfo.apiVersion else {
            throw KithError(
                .invalidInput,
                "\(file): the plugin needs Lua API version \(apiVersion), but this Kith provides version \(KithInfo.apiVersion)"
            )
        }
        var permissions: [Permission] = []
        if let value = table["permissions"] {
            guard let array = value.array else {
                throw KithError(.invalidInput, "\(file): 'permissions' must be a list of strings")
            }
            for item in array {
                guard let name = item.string else {
                    throw KithError(.invalidInput, "\(file): 'permissions' must be a list of strings")
                }
                guard let permission = Permission(rawValue: name) else {
                    let allowed = Permission.allCases.map(\.rawValue).joined(separator: ", ")
                    throw KithError(
                        .invalidInput, "\(file): unknown permission '\(name)'; known permissions: \(allowed)")
                }
                if !permissions.contains(permission) { permissions.append(permission) }
            }
        }
        return PluginManifest(
            id: id, name: try string("name", required: true)!, version: version, kithAPI: apiVersion,
            description: try string("description", required: false), author: try string("author", required: false),
            permissions: permissions, settings: try PluginSettingsTable.parse(table["settings"], file: file))
    }

    /// `1.2.0`, `1.2.0-rc.1`, `1.2.0+build.5`: ASCII digits in the core; a pre-release and build
    /// of ASCII letters, digits, dots and dashes (a version is shown when a person is asked to
    /// agree, so it holds nothing else).
    static func isSemver(_ s: String) -> Bool {
        let withoutBuild = s.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)
        guard let head = withoutBuild.first, !head.isEmpty else { return false }
        let withoutPre = head.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let core = withoutPre.first else { return false }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        let digits =
            parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        let tails = withoutPre.dropFirst() + withoutBuild.dropFirst()
        return digits
            && tails.allSatisfy { tail in
                !tail.isEmpty
                    && tail.utf8.allSatisfy {
                        ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2E
                            || $0 == 0x2D
                    }
            }
    }

    /// The numeric core of a version, for telling an update from a downgrade.
    public static func core(of version: String) -> [Int] {
        let head = version.split(separator: "+").first.flatMap { $0.split(separator: "-").first } ?? ""
        return head.split(separator: ".").map { Int($0) ?? 0 }
    }
}
