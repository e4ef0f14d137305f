import Foundation
import KithCore

/// Sync through a folder, whole commands, against the floor that moves the same data another
/// way: `kith export` on one device and `kith import` on the other.
///
/// - First sync: ten years of one person's data from a device to a new one (the sender's
///   `kith sync`, then the new device's), against exporting it and importing it into a new store.
/// - Incremental: one day's changes (three journal entries with tags, an interaction, a
///   person's phone) sent and taken in, against exporting and importing a store that holds just
///   those changes.
/// - The folder's size once compacted, against the size of the export.
/// The folder key is made at scrypt N=2^17 (`KITH_SCRYPT_LOG_N`), so the new device's one
/// key derivation is in its figure at the cheapest cost Kith allows.
enum SyncSpeed {
    struct Figures {
        var firstSend = 0.0, firstTakeIn = 0.0, export = 0.0, importTen = 0.0
        var daySend = 0.0, dayTakeIn = 0.0, dayExport = 0.0, dayImport = 0.0
        var compactedBytes = 0, exportBytes = 0, uncompactedBytes = 0
        var records = 0
        /// The runs behind the medians above, for their spread.
        var firstSendRuns = Samples(), firstTakeInRuns = Samples(), daySendRuns = Samples(), dayTakeInRuns = Samples()
    }

    static func measure(kith: String, folder root: URL, runs: Int = 5, days: Int = 15) throws -> Figures {
        let folder = root.appendingPathComponent("sync-bench")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pristine = folder.appendingPathComponent("ten-years.sqlite").path
        let utc = TimeZone(secondsFromGMT: 0) ?? .current
        do {
            let store = try KithStore.open(
                path: pristine, clock: .fixed(TenYearStore.now, timeZone: utc), creating: true)
            try TenYearStore.fill(store)
            store.checkpoint()
        }
        let passFile = folder.appendingPathComponent("sync-pass").path
        FileManager.default.createFile(
            atPath: passFile, contents: Data("a sync passphrase for the benchmark\n".utf8),
            attributes: [.posixPermissions: 0o600])
        var environment = ProcessInfo.processInfo.environment
        environment["KITH_NOW"] = "2026-03-01T20:00:00Z"
        environment["TZ"] = "UTC"
        environment["KITH_SCRYPT_LOG_N"] = "17"
        environment["KITH_SYNC_PASSPHRASE_FILE"] = passFile
        environment["XDG_STATE_HOME"] = folder.appendingPathComponent("state").path
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("xdg").path
        // As a default install runs: with the bundled plugins.
        environment["KITH_BUNDLED_PLUGINS"] = nil
        func run(_ arguments: [String], store: String) throws -> Double {
            var env = environment
            env["KITH_STORE"] = store
            return try ProcessBench.succeeded(try ProcessBench.run(kith, arguments, environment: env))
        }
        func fresh(_ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            _ = try run(["init"], store: path)
            return path
        }
        func copyOfPristine(_ name: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            try FileManager.default.copyItem(atPath: pristine, toPath: path)
            return path
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

        var f = Figures()
        var send: [Double] = [], takeIn: [Double] = [], export: [Double] = [], importing: [Double] = []
        let exportFile = folder.appendingPathComponent("export.json").path
        var shared = ""
        var a = "", b = ""
        for i in 0..<runs {
            shared = folder.appendingPathComponent("shared-\(i)").path
            try? FileManager.default.removeItem(atPath: shared)
            try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
            a = try copyOfPristine("a-\(i).sqlite")
            b = try fresh("b-\(i).sqlite")
            send.append(try run(["sync", shared], store: a))
            takeIn.append(try run(["sync", shared], store: b))
            try? FileManager.default.removeItem(atPath: exportFile)
            export.append(try run(["export", "-o", exportFile], store: a))
            importing.append(try run(["import", exportFile], store: try fresh("c-\(i).sqlite")))
        }
        (f.firstSend, f.firstTakeIn, f.export, f.importTen) = (
            median(send), median(takeIn), median(export), median(importing)
        )
        (f.firstSendRuns, f.firstTakeInRuns) = (Samples(send), Samples(takeIn))
        f.exportBytes = (try? FileManager.default.attributesOfItem(atPath: exportFile)[.size] as? Int) ?? 0

        // One day's changes at a time, on the pair of devices of the last run.
        send = []
        takeIn = []
        export = []
        importing = []
        let dayExport = folder.appendingPathComponent("day.json").path
        for day in 0..<days {
            let now = ["KITH_NOW": "2026-03-\(String(format: "%02d", 2 + day % 27))T21:00:00Z"]
            let dayStore = try fresh("day-\(day).sqlite")
            for store in [a, dayStore] {
                var env = environment.merging(now) { $1 }
                env["KITH_STORE"] = store
                for command in [
                    ["journal", "add", "morning walk, day \(day)", "--mood", "4", "--tag", "walk"],
                    ["journal", "add", "meeting at noon, day \(day)", "--tag", "group"],
                    ["journal", "add", "quiet evening, day \(day)", "--mood", "3"],
                    ["people", "add", "Neighbour \(day)", "--type", "friend"],
                    ["log", "Neighbour \(day)", "--channel", "in_person"],
                ] {
                    _ = try ProcessBench.succeeded(try ProcessBench.run(kith, command, environment: env))
                }
            }
            send.append(try run(["sync"], store: a))
            takeIn.append(try run(["sync"], store: b))
            try? FileManager.default.removeItem(atPath: dayExport)
            export.append(try run(["export", "-o", dayExport], store: dayStore))
            importing.append(try run(["import", dayExport], store: try fresh("day-import-\(day).sqlite")))
        }
        (f.daySend, f.dayTakeIn, f.dayExport, f.dayImport) = (
            median(send), median(takeIn), median(export), median(importing)
        )
        (f.daySendRuns, f.dayTakeInRuns) = (Samples(send), Samples(takeIn))

        let size = { (path: String) -> Int in
            ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).reduce(0) {
                $0 + ((try? FileManager.default.attributesOfItem(atPath: path + "/" + $1)[.size] as? Int) ?? 0)
            }
        }
        f.uncompactedBytes = size(shared)
        _ = try run(["sync", "compact"], store: a)
        _ = try run(["sync"], store: b)
        _ = try run(["sync", "compact"], store: a)
        f.compactedBytes = size(shared)
        return f
    }
}
