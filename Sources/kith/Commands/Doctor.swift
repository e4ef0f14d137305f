import ArgumentParser
import Foundation
import KithCore
import KithPlugins

/// `kith doctor`: how the store, its files, the plugins, the time zone and the crisis line
/// stand, each with what to do. It reads and never repairs.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the store, its files, plugins, time zone and crisis line, and say what to do.",
        discussion: "Exits 1 if any check fails (a missing or damaged store); warnings only advise.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        var findings = StoreCheckup.file(at: try storeOptions.path)
        if !findings.contains(where: { $0.status == .fail }) {
            do {
                let session = try storeOptions.session(reportFailures: false)
                findings += try StoreCheckup.store(session.store)
                findings += Self.plugins(session.plugins.records)
            } catch {
                findings.append(
                    CheckupFinding(
                        "store", .fail, "it cannot be opened: \(error)",
                        action: "Put your latest backup back with 'kith restore FILE'."))
            }
        }
        // What to do, as the commands to type here.
        findings = findings.map { f in
            f.hint.map {
                CheckupFinding(
                    f.check, f.status, f.detail, action: KithHint.sentence(CommandHints.text($0)), hint: $0)
            } ?? f
        }
        if output.json { try Output.json(findings) } else { Self.show(findings) }
        if findings.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }

    static func plugins(_ records: [PluginRecord]) -> [CheckupFinding] {
        var findings: [CheckupFinding] = []
        for record in records {
            switch record.status {
            case .failed(let why):
                findings.append(
                    CheckupFinding(
                        "plugin \(record.id)", .warn, "did not load: \(why)",
                        action: "Fix it, or switch it off with 'kith plugins disable \(record.id)'."))
            case .conflict(let why):
                findings.append(
                    CheckupFinding(
                        "plugin \(record.id)", .warn, "not used: \(why)",
                        action: "Disable one of the two with 'kith plugins disable ID'."))
            case .shadowed(let by):
                findings.append(
                    CheckupFinding(
                        "plugin \(record.id)", .ok,
                        "\(record.directory) is replaced by \(by), earlier on the plugin path"))
            case .loaded, .found, .disabled:
                continue
            }
        }
        let loaded = records.filter { $0.status == .loaded }.count
        findings.append(CheckupFinding("plugins", .ok, "\(loaded) loaded of \(records.count) found"))
        return findings
    }

    private static func show(_ findings: [CheckupFinding]) {
        for f in findings {
            let mark = f.status == .ok ? "ok  " : f.status == .warn ? "warn" : "FAIL"
            print("\(mark)  \(f.check): \(f.detail)")
            if let action = f.action, f.status != .ok { print("      -> \(action)") }
        }
        let failed = findings.filter { $0.status == .fail }.count, warned = findings.filter { $0.status == .warn }.count
        print(
            failed > 0
                ? "\(failed) to fix, \(warned) to look at."
                : warned > 0 ? "Nothing broken; \(warned) to look at." : "All well.")
    }
}
