import Foundation
import KithCore
import Testing
@testable import KithLua

/// docs/lua-api.md is the plugin authors' reference: its permission table is the gate table,
/// and nothing in the repository points at a reference outside it.
@Suite("the Lua API reference")
struct APIReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the permission table in docs/lua-api.md is exactly APIGate.functions")
    func permissionTableMatchesGate() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/lua-api.md"), encoding: .utf8)
        var documented: [String: Access] = [:]
        let table = try #require(
            doc.components(separatedBy: "| function | needs |").dropFirst().first, "no permission table")
        let rows = table.components(separatedBy: "\n\n")[0].split(separator: "\n")
        for line in rows where line.hasPrefix("| `kith.") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let name = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            let needs = cells[1]
            let access: Access
            switch needs {
            case "none",
                _ where name == "kith.on":
                access = .open
            case "scripts only": access = .scriptOnly
            case _ where needs.contains("report"): access = .reportReads
            default:
                access = .needs(
                    try needs.split(separator: ",").map { part in
                        let raw = part.trimmingCharacters(in: CharacterSet(charactersIn: "` "))
                        return try #require(Permission(rawValue: raw), "\(name): unknown permission \(raw)")
                    })
            }
            documented[name] = access
        }
        #expect(
            documented.count == APIGate.functions.count,
            "documented \(documented.count), registered \(APIGate.functions.count)")
        for (name, access) in APIGate.functions {
            #expect(
                documented[name] == access,
                "\(name): docs say \(String(describing: documented[name])), the gate says \(access)")
        }
        for (event, permission) in APIGate.events {
            #expect(
                doc.contains("`\(event)` needs `\(permission.rawValue)`"), "4.9 does not state \(event)'s permission")
        }
    }

    @Test("docs/reliability.md counts the functions and events the gate declares")
    func reliabilityCounts() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/reliability.md"), encoding: .utf8)
        let counted = "\(APIGate.functions.count) functions, \(APIGate.events.count) events"
        #expect(doc.contains(counted), "docs/reliability.md should say '\(counted)'")
        #expect(doc.contains("every function reachable from `kith` (\(APIGate.functions.count))"))
    }

    @Test("no file in the repository points at a reference outside it")
    func noOutsideReferences() throws {
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "docs", "plugins", "scripts", "README.md"] {
            let url = Self.root.appendingPathComponent(folder)
            let files =
                FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String }.map {
                    url.path + "/" + $0
                } ?? [url.path]
            for file in files
            where [".swift", ".md", ".lua", ".c", ".h", ".sh", ".py", ".toml"].contains(where: file.hasSuffix) {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
                for marker in ["PLUGIN-" + "API.md", "../" + "shared", "DESIGN" + ".md"] where text.contains(marker) {
                    offenders.append("\(file): \(marker)")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
