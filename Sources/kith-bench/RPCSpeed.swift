import Foundation
import KithCore
import KithRPC
import KithSession

/// The JSON-RPC server on ten years of data: a read (`people.list`) and a write (`journal.add`),
/// each against the same operation in-process (the floor), through the RPC dispatcher without
/// transport, and through `kith serve`'s POST /rpc under a loopback load from wrk.
enum RPCSpeed {
    struct Figures {
        var label: String
        var floorPerSecond: Double
        var dispatchPerSecond: Double
        var http: HTTPFigures?
    }

    struct HTTPFigures {
        var perSecond: Double
        var p50: String
        var p99: String
    }

    static func measure(kith: String, folder: URL, operations: Int = 2000) throws -> (figures: [Figures], note: String?)
    {
        let path = folder.appendingPathComponent("rpc.sqlite").path
        let utc = TimeZone(identifier: "UTC")!
        do {
            let store = try KithStore.open(path: path, clock: .fixed(TenYearStore.now, timeZone: utc), creating: true)
            try TenYearStore.fill(store)
            store.checkpoint()
        }
        var options = KithSession.Options()
        options.store = path
        options.environment = ["KITH_BUNDLED_PLUGINS": "", "HOME": folder.path, "TZ": "UTC"]
        let session = try KithSession.open(options)
        defer { session.close() }
        let store = session.store
        let server = RPCServer(context: try RPCContext(session: session))

        let readFloor = try perSecond(operations) { _ = try store.people() }
        let readRPC = try perSecond(operations) {
            _ = server.handle(#"{"jsonrpc":"2.0","id":1,"method":"people.list"}"#)
        }
        let writeFloor = try perSecond(operations) { n in
            var entry = NewJournalEntry()
            entry.mood = 3
            entry.text = "floor \(n)"
            _ = try store.addJournalEntry(entry)
        }
        let writeRPC = try perSecond(operations) { n in
            _ = server.handle(
                #"{"jsonrpc":"2.0","id":1,"method":"journal.add","params":{"mood":3,"text":"rpc \#(n)"}}"#)
        }
        var figures = [
            Figures(label: "people.list (10 people)", floorPerSecond: readFloor, dispatchPerSecond: readRPC),
            Figures(label: "journal.add", floorPerSecond: writeFloor, dispatchPerSecond: writeRPC),
        ]
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) else {
            return (figures, "wrk is not installed (bash scripts/setup.sh --bench): no HTTP figures")
        }
        let served = try Served(kith: kith, store: path, home: folder.path)
        defer { served.stop() }
        let bodies = [
            #"{"jsonrpc":"2.0","id":1,"method":"people.list"}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"journal.add","params":{"mood":3,"text":"over http"}}"#,
        ]
        for (i, body) in bodies.enumerated() {
            figures[i].http = try load(wrk: wrk, served: served, body: body, folder: folder)
        }
        return (figures, nil)
    }

    /// Operations per second over `count` runs of `body`.
    static func perSecond(_ count: Int, _ body: (Int) throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        for n in 0..<count { try body(n) }
        return Double(count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func perSecond(_ count: Int, _ body: () throws -> Void) throws -> Double {
        try perSecond(count) { (_: Int) in try body() }
    }

    /// Five seconds of POST /rpc from two wrk threads over eight connections.
    static func load(wrk: String, served: Served, body: String, folder: URL) throws -> HTTPFigures {
        let script = folder.appendingPathComponent("post.lua")
        let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        try """
        wrk.method = "POST"
        wrk.body = "\(escaped)"
        wrk.headers["Content-Type"] = "application/json"
        wrk.headers["Cookie"] = "\(served.cookie)"
        wrk.headers["Origin"] = "\(served.origin)"
        """.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c8", "-d5s", "--latency", "-s", script.path, served.origin + "/rpc"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        func field(_ prefix: String) -> String? {
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix(prefix) }
                .map { $0.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces) }
        }
        guard let rate = field("Requests/sec:").flatMap(Double.init), !text.contains("Non-2xx") else {
            throw NSError(
                domain: "kith-bench", code: 6,
                userInfo: [NSLocalizedDescriptionKey: "wrk failed or got errors:\n\(text)"])
        }
        return HTTPFigures(perSecond: rate, p50: field("50%") ?? "?", p99: field("99%") ?? "?")
    }

    /// `kith serve` on the store, its session cookie taken as a browser would.
    final class Served {
        let process = Process()
        let origin: String
        let cookie: String

        init(kith: String, store: String, home: String) throws {
            process.executableURL = URL(fileURLWithPath: kith)
            process.arguments = ["serve", "--store", store]
            process.environment = ["HOME": home, "KITH_BUNDLED_PLUGINS": "", "TZ": "UTC"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            var line = Data()
            while !line.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                line.append(chunk)
            }
            let link = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let url = URL(string: link), let host = url.host, let port = url.port else {
                process.terminate()
                throw NSError(
                    domain: "kith-bench", code: 7, userInfo: [NSLocalizedDescriptionKey: "kith serve said \(link)"])
            }
            origin = "http://\(host):\(port)"
            cookie = try Self.exchange(link)
        }

        /// GET the one-time link and keep the cookie it sets (curl, as any client would).
        static func exchange(_ link: String) throws -> String {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-s", "-o", "/dev/null", "-D", "-", link]
            let output = Pipe()
            curl.standardOutput = output
            try curl.run()
            let headers = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            curl.waitUntilExit()
            guard
                let line = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("set-cookie:") }),
                let pair = line.dropFirst("set-cookie:".count).split(separator: ";").first
            else {
                throw NSError(
                    domain: "kith-bench", code: 8, userInfo: [NSLocalizedDescriptionKey: "no cookie: \(headers)"])
            }
            return pair.trimmingCharacters(in: .whitespaces)
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
