import Foundation

/// FHIR Bulk Data files (the `$export` output format): one NDJSON file per resource type, one
/// resource per line, references as `Patient/ID`, and the JSON manifest that lists them, so a
/// clinic's FHIR server or warehouse loads many clients' results at once. A folder holds one
/// store's resources, or many stores' joined in order.
public enum FHIRBulkExport {
    /// The resource types Kith writes, in the order the manifest lists them.
    static let fileNames = ["Patient", "QuestionnaireResponse", "Observation"]

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

    /// One store's files and manifest into `folder` (new or empty; see `prepare`).
    @discardableResult
    public static func write(_ lines: [String: [String]], to folder: String, transactionTime: String, request: String)
        throws -> [(type: String, count: Int)]
    {
        try prepare(folder)
        var counts: [(String, Int)] = []
        for type in fileNames {
            guard let typed = lines[type], !typed.isEmpty else { continue }
            let path = folder + "/\(type).ndjson"
            try DurableFile.write(
                Data((typed.joined(separator: "\n") + "\n").utf8), to: path, through: path + ".partial",
                failure: { "Could not write \(path): \($0)" })
            counts.append((type, typed.count))
        }
        try writeManifest(counts, in: folder, transactionTime: transactionTime, request: request)
        return counts
    }

    /// The Patient id in a folder `write` finished, or nil if it has none.
    public static func patientID(in folder: String) -> String? {
        guard let data = FileManager.default.contents(atPath: folder + "/Patient.ndjson"),
            let line = data.split(separator: UInt8(ascii: "\n")).first,
            let patient = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        else { return nil }
        return patient["id"] as? String
    }

    /// Many finished folders (`parts`, in order) joined into `folder`, which `prepare` made:
    /// each type's file is written by appending the parts' files one at a time, so memory
    /// holds one part's file, whatever the number of stores.
    @discardableResult
    public static func join(parts: [String], into folder: String, transactionTime: String, request: String) throws
        -> [(type: String, count: Int)]
    {
        var counts: [(String, Int)] = []
        for type in fileNames {
            let path = folder + "/\(type).ndjson"
            let fd = open(path + ".partial", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw KithError(.storage, "Could not write \(path): \(String(cString: strerror(errno)))")
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            var count = 0
            for part in parts {
                guard let data = FileManager.default.contents(atPath: part + "/\(type).ndjson"), !data.isEmpty else {
                    continue
                }
                try handle.write(contentsOf: data)
                count += data.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            }
            try handle.synchronize()
            try handle.close()
            if count == 0 {
                try FileManager.default.removeItem(atPath: path + ".partial")
                continue
            }
            guard rename(path + ".partial", path) == 0 else {
                throw KithError(.storage, "Could not write \(path): \(String(cString: strerror(errno)))")
            }
            counts.append((type, count))
        }
        try writeManifest(counts, in: folder, transactionTime: transactionTime, request: request)
        return counts
    }

    /// The manifest, written last: its presence says the folder is complete.
    private static func writeManifest(
        _ counts: [(String, Int)], in folder: String, transactionTime: String, request: String
    ) throws {
        let absolute = URL(fileURLWithPath: folder).standardizedFileURL
        let outputs: [[String: Any]] = counts.map { type, count in
            ["type": type, "url": absolute.appendingPathComponent("\(type).ndjson").absoluteString, "count": count]
        }
        let manifest: [String: Any] = [
            "transactionTime": transactionTime, "request": request, "requiresAccessToken": false, "output": outputs,
            "error": [] as [Any],
        ]
        let data = try JSONSerialization.data(
            withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let path = absolute.appendingPathComponent("manifest.json").path
        try DurableFile.write(data, to: path, through: path + ".partial", failure: { "Could not write \(path): \($0)" })
    }

    /// A new folder, or an empty one that is a real folder (not a link) of this user's; either
    /// way made 0700: the files hold clinical answers, and no one else may add to them.
    public static func prepare(_ folder: String) throws {
        var info = stat()
        if lstat(folder, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw KithError(
                    .invalidInput,
                    "\(folder) is not a folder (a file or a link); FHIR Bulk Data is written into a new or empty folder"
                )
            }
            guard info.st_uid == geteuid() else {
                throw KithError(.invalidInput, "\(folder) belongs to another user; give a folder of your own")
            }
            guard (try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty == true else {
                throw KithError(
                    .invalidInput, "\(folder) is not empty; give a new or empty folder (nothing was written)")
            }
            guard chmod(folder, 0o700) == 0 else {
                throw KithError(
                    .storage, "Could not make \(folder) private (mode 0700): \(String(cString: strerror(errno)))")
            }
        } else {
            guard mkdir(folder, 0o700) == 0 else {
                throw KithError(
                    .storage,
                    "Could not make the folder \(folder): \(String(cString: strerror(errno))); check that its parent exists and is writable"
                )
            }
        }
    }
}
