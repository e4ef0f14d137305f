import Foundation
import KithCore
import KithSeal

/// An encrypted store against a plain one with the same ten years of data, whole commands side
/// by side in one run: unlocking (scrypt, at the cost a new passphrase gets here), then
/// `kith journal add` and `kith report weekly` with the passphrase in a file (each command
/// pays scrypt), and unlocked (the key kept by `kith unlock`); and the size on disk.
enum EncryptedSpeed {
    struct Figures {
        let logN: UInt8
        let unlockSeconds: Double
        let rows: [(label: String, plain: Samples, withPassphrase: Samples, unlocked: Samples)]
        let plainBytes: Int
        let sealedBytes: Int
    }

    static func measure(kith: String, folder: URL, runs: Int = 15) throws -> Figures {
        let plain = folder.appendingPathComponent("ten-years-plain.sqlite").path
        let sealed = folder.appendingPathComponent("ten-years-sealed.sqlite").path
        let utc = TimeZone(secondsFromGMT: 0) ?? .current
        do {
            let store = try KithStore.open(path: plain, clock: .fixed(TenYearStore.now, timeZone: utc), creating: true)
            try TenYearStore.fill(store)
            store.checkpoint()
        }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: plain + suffix) {
            try FileManager.default.copyItem(atPath: plain + suffix, toPath: sealed + suffix)
        }
        let passphrase = Array("a passphrase for the benchmark".utf8)
        let logN = try ScryptParameters.tuned()
        let (header, key, _) = try SealHeader.create(passphrase: passphrase, logN: logN, recovery: false)
        _ = try StoreEncryption.encrypt(path: sealed, header: header, key: key)

        let start = DispatchTime.now().uptimeNanoseconds
        _ = try header.unwrap(passphrase: passphrase)
        let unlockSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

        let passFile = folder.appendingPathComponent("passphrase").path
        FileManager.default.createFile(
            atPath: passFile, contents: Data(passphrase + [0x0A]), attributes: [.posixPermissions: 0o600])
        var environment = ProcessInfo.processInfo.environment
        environment["KITH_BUNDLED_PLUGINS"] = ""
        environment["KITH_NOW"] = "2026-03-01T20:00:00Z"
        environment["XDG_DATA_HOME"] = folder.appendingPathComponent("xdg-enc").path
        environment["TZ"] = "UTC"
        func median(_ store: String, _ arguments: [String], extra: [String: String] = [:]) throws -> Samples {
            var env = environment
            env["KITH_STORE"] = store
            for (k, v) in extra { env[k] = v }
            var times = Samples()
            for _ in 0..<runs {
                times.add(try ProcessBench.succeeded(try ProcessBench.run(kith, arguments, environment: env)))
            }
            return times
        }
        var rows: [(String, Samples, Samples, Samples)] = []
        for (label, arguments) in [
            ("journal add", ["journal", "add", "benchmark entry"]), ("report weekly", ["report", "weekly"]),
        ] {
            let p = try median(plain, arguments)
            let withFile = try median(sealed, arguments, extra: ["KITH_PASSPHRASE_FILE": passFile])
            var env = environment
            env["KITH_STORE"] = sealed
            env["KITH_PASSPHRASE_FILE"] = passFile
            _ = try ProcessBench.succeeded(try ProcessBench.run(kith, ["unlock", "--for", "5m"], environment: env))
            let unlocked = try median(sealed, arguments)
            _ = try ProcessBench.run(kith, ["lock"], environment: env)
            rows.append((label, p, withFile, unlocked))
        }
        let size = { (path: String) in (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0 }
        return Figures(
            logN: logN, unlockSeconds: unlockSeconds, rows: rows, plainBytes: size(plain) + size(plain + "-wal"),
            sealedBytes: size(sealed))
    }
}
