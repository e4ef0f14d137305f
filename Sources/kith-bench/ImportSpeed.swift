import CKithBenchFloor
import Foundation
import KithCore

/// `kith import jrnl` of generated entries, whole command with the bundled plugins on, against
/// its floor (Sources/CKithBenchFloor/importfloor.c): into an empty journal and into one that
/// already holds as many, interleaved, fresh copies each run; after each pair the two stores
/// must give the same search results.
enum ImportSpeed {
    struct Figure {
        let label: String
        var kith = Samples(), floor = Samples()
    }

    static func measure(kith: String, folder: URL, count: Int, runs: Int) throws -> [Figure] {
        let work = folder.appendingPathComponent("import")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = "UTC"
        environment["KITH_BUNDLED_PLUGINS"] = nil  // as a default install runs
        environment["XDG_DATA_HOME"] = work.appendingPathComponent("xdg").path
        func kithCommand(_ arguments: [String], store: String) throws -> Double {
            var env = environment
            env["KITH_STORE"] = store
            return try ProcessBench.succeeded(try ProcessBench.run(kith, arguments, environment: env))
        }
        let empty = work.appendingPathComponent("empty.sqlite").path
        _ = try kithCommand(["init"], store: empty)
        let full = work.appendingPathComponent("full.sqlite").path
        try copyStore(empty, to: full)
        try floorImport(full, first: 0, count: count)
        let firstFile = work.appendingPathComponent("first.json"),
            secondFile = work.appendingPathComponent("second.json")
        try writeJrnlExport(to: firstFile, first: 0, count: count)
        try writeJrnlExport(to: secondFile, first: count, count: count)

        var figures = [
            Figure(label: "into an empty journal"),
            Figure(label: "into a journal of \(count.formatted())"),
        ]
        let scenarios = [(empty, firstFile, 0), (full, secondFile, count)]
        for run in 0..<runs {
            for (n, (base, file, first)) in scenarios.enumerated() {
                let ours = work.appendingPathComponent("kith.sqlite").path
                let floor = work.appendingPathComponent("floor.sqlite").path
                try copyStore(base, to: ours)
                try copyStore(base, to: floor)
                // Alternating which goes first, so neither always meets a warm or a cold cache.
                let order = run % 2 == 0 ? [true, false] : [false, true]
                for kithFirst in order {
                    if kithFirst {
                        figures[n].kith.add(try kithCommand(["import", "jrnl", file.path], store: ours))
                    } else {
                        figures[n].floor.add(try Samples.time { try floorImport(floor, first: first, count: count) })
                    }
                }
                try sameSearchResults(kith: kith, environment: environment, ours, floor, checkIndex: run == 0)
                FileHandle.standardError.write(
                    Data("(import \(figures[n].label): run \(run + 1) of \(runs) done)\n".utf8))
            }
        }
        return figures
    }

    /// Entries `first..<first+count` as jrnl's JSON export (times in UTC, tags with '@').
    static func writeJrnlExport(to url: URL, first: Int, count: Int) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = "{\"tags\": {}, \"entries\": ["
        var text = [CChar](repeating: 0, count: 128)
        for i in first..<(first + count) {
            let at = KithTime.formatInstant(Int64(ckith_bench_entry_time(i)))  // 2016-01-01T00:05:00Z
            _ = ckith_bench_entry_text(i, &text, Int32(text.count))
            let title = String(cString: text)
            let tags = i % 3 == 0 ? "[\"@group\", \"@work\"]" : "[\"@group\"]"
            chunk +=
                (i == first ? "" : ", ")
                + "{\"title\": \"\(title)\", \"body\": \"\", \"date\": \"\(at.prefix(10))\", \"time\": \"\(at.dropFirst(11).prefix(5))\", \"tags\": \(tags), \"starred\": false}"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data((chunk + "]}").utf8))
    }

    static func floorImport(_ path: String, first: Int, count: Int) throws {
        var message = [CChar](repeating: 0, count: 256)
        guard ckith_bench_import_floor(path, first, count, &message, Int32(message.count)) == 0 else {
            throw KithError(.storage, "the import floor failed: \(String(cString: message))")
        }
    }

    /// A store is its file once Kith has checkpointed (every command does): copied alone.
    static func copyStore(_ from: String, to: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: to + suffix) }
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// Both stores answer a search the same (ids, times, text, tags), and the same count of
    /// entries; the first run also has FTS5 check each index against the journal.
    static func sameSearchResults(
        kith: String, environment: [String: String], _ ours: String, _ floor: String, checkIndex: Bool
    ) throws {
        func search(_ store: String, _ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: kith)
            process.arguments = arguments + ["--store", store]
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw KithError(.storage, "kith \(arguments.joined(separator: " ")) failed on \(store)")
            }
            return String(decoding: out, as: UTF8.self)
        }
        for arguments in [["journal", "search", "needle", "--json"], ["journal", "list", "--limit", "20", "--json"]] {
            let a = try search(ours, arguments), b = try search(floor, arguments)
            guard a == b, a.count > 100 else {
                throw KithError(.storage, "kith and its floor answer '\(arguments.joined(separator: " "))' differently")
            }
        }
        if checkIndex {
            var message = [CChar](repeating: 0, count: 256)
            for store in [ours, floor] where ckith_bench_fts_check(store, &message, Int32(message.count)) != 0 {
                throw KithError(.storage, "\(store): \(String(cString: message))")
            }
        }
    }
}
