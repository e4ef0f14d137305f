import ArgumentParser
import Foundation
import KithCore
import KithSession
import KithSync

/// `kith sync`: the store's changes through a folder other software carries between devices.
struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync this store with your other devices through a shared folder, end to end encrypted.",
        discussion: """
            DIR is any folder something else carries between your devices: Syncthing, a cloud drive's \
            folder, a USB stick, a network share. Kith writes only encrypted files there, each whole and \
            never changed, and never the store itself. The first device sets a sync passphrase; the others \
            join with it, or with a code from 'kith sync pair'. After the first time, 'kith sync' needs no DIR.
            """,
        subcommands: [SyncNow.self, SyncStatusCommand.self, SyncPair.self, SyncCompact.self],
        defaultSubcommand: SyncNow.self
    )
}

/// The sync passphrase's options: a file, or the terminal.
struct SyncPassphraseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A file holding the sync passphrase, readable by you alone (also $KITH_SYNC_PASSPHRASE_FILE).",
            valueName: "file"))
    var syncPassphraseFile: String?

    var credentials: SyncCredentials {
        let environment = ProcessInfo.processInfo.environment
        let file = syncPassphraseFile ?? environment["KITH_SYNC_PASSPHRASE_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        return SyncCredentials(
            passphrase: { creating in
                if creating { return try PassphrasePrompt.new(file: file, useEnvironment: false) }
                if let file { return try StoreKeys.passphrase(fromFile: file) }
                guard PassphrasePrompt.hasTerminal else {
                    throw KithError(
                        .invalidInput,
                        "The sync passphrase is needed: give it in a file (--sync-passphrase-file FILE, mode 600), or run in a terminal to be asked"
                    )
                }
                return try PassphrasePrompt.ask("Sync passphrase: ")
            }, cost: { try PassphrasePrompt.cost() })
    }
}

struct SyncNow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "now", abstract: "Sync (the default): send what changed here, take in what changed elsewhere.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var passphrase: SyncPassphraseOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp("The shared folder (needed the first time only).", valueName: "dir")) var folder:
        String?
    @Option(
        help: ArgumentHelp(
            "Join with a pairing code from 'kith sync pair' instead of the passphrase.", valueName: "code"))
    var pair: String?

    func run() throws {
        let store = try storeOptions.open()
        var credentials = passphrase.credentials
        credentials.pairingCode = pair
        let outcome: SyncOutcome
        do {
            outcome = try Synchronizer.sync(store, folder: folder, credentials: credentials)
        } catch let error as KithError where error.problem.hasPrefix("This store has no sync folder yet") {
            throw KithError(
                .invalidInput, "This store does not sync yet: give the shared folder, as in 'kith sync ~/Sync/kith'")
        }
        if output.json { return try Output.json(outcome) }
        SyncReport.show(outcome, store: store)
    }
}

/// Words for a sync's outcome.
enum SyncReport {
    static func show(_ o: SyncOutcome, store: KithStore) {
        if let why = o.newDevice {
            Terminal.error(
                "Kith: \(why); this copy now syncs as a new device (\(o.device)), so it overwrites nothing.\n")
        }
        for refused in o.refused {
            Terminal.error("Kith: refused \(refused); the rest was synced.\n")
        }
        if let hours = o.clockAheadHours {
            Terminal.error(
                "Kith: another device's clock is about \(Output.count(hours, "hour")) ahead of this one's; check the date and time on your devices.\n"
            )
        }
        for problem in o.problems { Terminal.error("Kith: \(problem).\n") }
        print(
            "Synced through \(o.folder): sent \(Output.count(o.sent, "change")), took in \(Output.count(o.received, "change")) from \(Output.count(o.filesRead, "file"))."
        )
        if o.keptVersions > 0 {
            let ids = (try? store.entriesWithVersions()) ?? []
            print(
                "\(Output.count(o.keptVersions, "journal entry was", "journal entries were")) edited on two devices at once: both versions are kept. See them with 'kith journal show \(ids.map { "#\($0)" }.joined(separator: "', 'kith journal show "))'."
            )
        }
        if o.waiting > 0 {
            print(
                "\(Output.count(o.waiting, "change waits", "changes wait")) for files not here yet; the next sync takes them in."
            )
        }
    }
}

struct SyncStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where sync stands: the folder, the devices, what waits to be sent or taken in.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let status = try Synchronizer.status(store)
        if output.json { return try Output.json(status) }
        guard let folder = status.folder, let device = status.device else {
            return print(
                "This store does not sync yet. Start with 'kith sync DIR' (a folder your devices share).")
        }
        print("Folder:       \(folder)")
        print("This device:  \(device)")
        print("Last sync:    \(status.lastSync.map { Output.local($0, clock: store.clock) } ?? "never")")
        print("To send:      \(Output.count(status.toSend, "change"))")
        print("To take in:   \(Output.count(status.toTakeIn, "file"))")
        if status.waiting > 0 {
            print("Waiting:      \(Output.count(status.waiting, "change")) for files not here yet")
        }
        if status.keptVersions > 0 {
            print(
                "Kept:         \(Output.count(status.keptVersions, "other version")) of journal texts edited on two devices"
            )
        }
        print(
            "Content:      \(Output.count(status.records, "record")), digest \(status.digest) (the same on devices that agree)"
        )
        guard !status.devices.isEmpty else { return }
        print("")
        Output.table(
            ["DEVICE", "FILES", "LATEST FILE", "HAS READ OURS TO"],
            status.devices.map { d in
                [
                    d.id + (d.isThisDevice ? " (this)" : ""), "\(d.files)",
                    d.lastFile.map { Output.local($0, clock: store.clock) } ?? "",
                    d.isThisDevice ? "" : "#\(d.readOurs)",
                ]
            })
    }
}

struct SyncPair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair", abstract: "Print a code another device joins with instead of the passphrase (valid a day)."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let (code, expires) = try Synchronizer.pair(store)
        let until = KithTime.formatInstant(expires)
        if output.json { return try Output.json(["code": code, "expires": until]) }
        print("Pairing code: \(code)")
        print(
            "On the other device, once the shared folder has arrived there: kith sync DIR --pair \(code)\nIt works until \(Output.local(until, clock: store.clock)); anyone with the folder and the code can join, so keep it to yourself."
        )
    }
}

struct SyncCompact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Shrink the shared folder: one snapshot in place of the files every device has read.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var passphrase: SyncPassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let outcome = try Synchronizer.compact(store, credentials: passphrase.credentials)
        if output.json { return try Output.json(outcome) }
        print(
            "Wrote a snapshot and removed \(Output.count(outcome.removed, "file")): the folder went from \(bytes(outcome.bytesBefore)) to \(bytes(outcome.bytesAfter))."
        )
        if !outcome.waitingFor.isEmpty {
            print(
                "Some files stay until \(outcome.waitingFor.joined(separator: ", ")) \(outcome.waitingFor.count == 1 ? "has" : "have") synced; compact again after."
            )
        }
    }

    func bytes(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MB", Double(n) / 1_048_576) : String(format: "%.1f KB", Double(n) / 1024)
    }
}
