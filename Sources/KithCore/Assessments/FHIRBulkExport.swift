import Foundation

/// FHIR Bulk Data files (the `$export` output format): one NDJSON file per resource type, one
/// resource per line, references as `Patient/ID`, and the JSON manifest that lists them, so a
/// clinic's FHIR server or warehouse loads many clients' results at once. A folder holds one
/// store's resources, or many stores' joined in order.
public enum FHIRBulkExport {
    /// The resources of one store as NDJSON lines, by resource type.
    public static func lines(_ store: KithStore) throws -> [String: [String]] {
        var lines: [String: [String]] = [:]
        for r in try FHIRExport.resources(store, reference: { type, id in "\(type)/\(id)" }) {
            var body = r.body
            body["id"] = r.id
            let data = try JSONSerialization.data(
                withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
            lines[r.type, default: []].append(String(decoding: data, as: UTF8.self))
        }
        return lines
    }

    /// Reads back the NDJSON files of a folder `write` finished (its manifest is written last).
    public static func read(folder: String) throws -> [String: [String]] {
        guard FileManager.default.fileExists(atPath: folder + "/manifest.json") else {
            throw KithError(.invalidInput, "\(folder) has no manifest.json: the export did not finish")
        }
        var lines: [String: [String]] = [:]
        for type in fileNames where FileManager.default.fileExists(atPath: folder + "/\(type).ndjson") {
            let text = try String(contentsOfFile: folder + "/\(type).ndjson", encoding: .utf8)
            lines[type] = text.split(separator: "\n").map(String.init)
        }
        return lines
    }

    /// The resource types Kith writes, in the order the manifest lists them.
    static let fileNames = ["Patient", "QuestionnaireResponse", "Observation"]

    /// Writes `TYPE.ndjson` for each type that has lines and `manifest.json` into `folder`,
    /// which must be new or empty (made 0700; files 0600: they hold clinical answers).
    /// Returns the count of resources of each type.
    @discardableResult
    public static func write(_ lines: [String: [String]], to folder: String, transactionTime: String, request: String)
        throws -> [(type: String, count: Int)]
    {
        try prepare(folder)
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL
        var outputs: [[String: Any]] = [], counts: [(String, Int)] = []
        for type in fileNames {
            guard let typed = lines[type], !typed.isEmpty else { continue }
            let path = absolute.appendingPathComponent("\(type).ndjson").path
            try DurableFile.write(
                Data((typed.joined(separator: "\n") + "\n").utf8), to: path, through: path + ".partial",
                failure: { "Could not write \(path): \($0)" })
            outputs.append([
                "type": type, "url": absolute.appendingPathComponent("\(type).ndjson").absoluteString,
                "count": typed.count,
            ])
            counts.append((type, typed.count))
        }
        let manifest: [String: Any] = [
            "transactionTime": transactionTime, "request": request, "requiresAccessToken": false, "output": outputs,
            "error": [] as [Any],
        ]
        let data = try JSONSerialization.data(
            withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let manifestPath = absolute.appendingPathComponent("manifest.json").path
        try DurableFile.write(
            data, to: manifestPath, through: manifestPath + ".partial",
            failure: { "Could not write \(manifestPath): \($0)" })
        return counts
    }

    /// A new folder (0700), or an empty one: an export never mixes with other files.
    private static func prepare(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw KithError(
                    .invalidInput, "\(folder) is a file; FHIR Bulk Data is written into a folder: give a new one")
            }
            guard (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty == true else {
                throw KithError(
                    .invalidInput, "\(folder) is not empty; give a new or empty folder (nothing was written)")
            }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            } catch {
                throw KithError(
                    .storage, "Could not make the folder \(folder): check that its parent exists and is writable")
            }
        }
    }
}
