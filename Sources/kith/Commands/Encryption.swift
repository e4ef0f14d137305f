import ArgumentParser
import Foundation
import KithCore
import KithSeal
import KithSession

/// What `init --encrypt` and `encrypt` say about the key: its cost, and the recovery key once.
enum EncryptionNotice {
    static func show(_ header: SealHeader, recovery: RecoveryKey?) {
        print("The passphrase is stretched with scrypt (N=2^\(header.kdf.logN), r=\(header.kdf.r), p=\(header.kdf.p)).")
        guard let recovery else {
            print("No recovery key was made: if the passphrase is forgotten, the store cannot be opened.")
            return
        }
        print("Your recovery key opens the store if the passphrase is forgotten. It is shown this once:")
        print("")
        print("    \(recovery)")
        print("")
        print("Write it down and keep it away from this computer ('kith passphrase recover' uses it).")
    }
}

/// `kith encrypt`: the store, in place, encrypted with a passphrase.
struct Encrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encrypt",
        abstract: "Encrypt your store in place with a passphrase (the plaintext is removed once the copy is checked).",
        discussion: "See docs/security.md.")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Make no recovery key (a forgotten passphrase then loses the store).") var noRecoveryKey = false

    func run() throws {
        let path = try storeOptions.path
        guard try KithStore.sealHeader(at: path) == nil else {
            throw KithError(.invalidInput, "The store at \(path) is encrypted already; nothing was changed.")
        }
        let (header, key, recovery) = try PassphrasePrompt.newKey(
            file: storeOptions.passphraseFile, recovery: !noRecoveryKey)
        for line in try StoreEncryption.encrypt(path: path, header: header, key: key) { print(line) }
        EncryptionNotice.show(header, recovery: recovery)
    }
}

/// `kith decrypt`: back to a plain store.
struct Decrypt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decrypt", abstract: "Turn an encrypted store back into a plain one, in place.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let path = try storeOptions.path
        let header = try encryptedHeader(path)
        // The passphrase itself, as for a passphrase change: an unlocked session is not enough.
        let key = try KithStore.explainingSeal(path) {
            try header.unwrap(passphrase: try currentPassphrase(storeOptions, path))
        }
        for line in try StoreEncryption.decrypt(path: path, unlock: { _ in key }) { print(line) }
        StoreKeys.forget(header)
    }
}

/// The header of the encrypted store at `path`; an error saying so when it is plain.
func encryptedHeader(_ path: String) throws -> SealHeader {
    guard let header = try KithStore.sealHeader(at: path) else {
        throw KithError(.invalidInput, "The store at \(path) is not encrypted; nothing was changed.")
    }
    return header
}

/// The current passphrase, from the passphrase file or asked: never a key kept by `kith
/// unlock`, for what only the passphrase's owner may do (change it, remove the encryption).
func currentPassphrase(_ options: StoreOptions, _ path: String) throws -> [UInt8] {
    let file = options.passphraseFile ?? ProcessInfo.processInfo.environment["KITH_PASSPHRASE_FILE"]
    if let file, !file.isEmpty { return try StoreKeys.passphrase(fromFile: file) }
    return try PassphrasePrompt.ask("Current passphrase for \(path): ")
}

/// `kith passphrase change|recover`.
struct Passphrase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passphrase",
        abstract: "Change an encrypted store's passphrase, or set a new one with the recovery key.",
        subcommands: [PassphraseChange.self, PassphraseRecover.self])
}

struct PassphraseChange: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change",
        abstract: "A new passphrase; the current one is asked (a key kept by 'kith unlock' is not enough).")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("A file holding the new passphrase (mode 600).", valueName: "file"))
    var newPassphraseFile: String?

    func run() throws {
        let path = try storeOptions.path
        let header = try encryptedHeader(path)
        // The current passphrase itself: someone at an unlocked session must not change it.
        let key = try KithStore.explainingSeal(path) {
            try header.unwrap(passphrase: try currentPassphrase(storeOptions, path))
        }
        let new = try PassphrasePrompt.new(file: newPassphraseFile, useEnvironment: false)
        try Rewrap.run(path: path, key: key, passphrase: new)
    }
}

struct PassphraseRecover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Set a new passphrase with the recovery key shown when the store was encrypted.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("A file holding the recovery key (mode 600).", valueName: "file"))
    var recoveryKeyFile: String?
    @Option(help: ArgumentHelp("A file holding the new passphrase (mode 600).", valueName: "file"))
    var newPassphraseFile: String?

    func run() throws {
        let path = try storeOptions.path
        let header = try encryptedHeader(path)
        guard header.hasRecoveryKey else {
            throw KithError(.invalidInput, "The store at \(path) was encrypted without a recovery key.")
        }
        let typed =
            try recoveryKeyFile.map { try StoreKeys.passphrase(fromFile: $0) } ?? PassphrasePrompt.ask("Recovery key: ")
        guard let recovery = RecoveryKey(text: String(decoding: typed, as: UTF8.self)) else {
            throw KithError(
                .invalidInput, "That is not a recovery key (13 groups of letters and digits); nothing was changed.")
        }
        let key = try KithStore.explainingSeal(path) { try header.unwrap(recoveryKey: recovery) }
        let new = try PassphrasePrompt.new(file: newPassphraseFile, useEnvironment: false)
        try Rewrap.run(path: path, key: key, passphrase: new)
    }
}

/// A new passphrase, a new data key: the store sealed again whole; a key kept by `kith unlock`
/// is forgotten, and a new recovery key (when the store had one) shown once.
enum Rewrap {
    static func run(path: String, key: SealKey, passphrase: [UInt8]) throws {
        let logN = try PassphrasePrompt.cost()
        let store = try KithStore.open(path: path, unlock: { _ in key })
        let old = store.sealKey?.header
        let recovery = try store.changePassphrase(to: passphrase, logN: logN)
        if let old { StoreKeys.forget(old) }
        print("Changed the passphrase of \(path) and sealed it again under a new key (scrypt N=2^\(logN)).")
        print("The old passphrase no longer opens it; backups and exports made before still open with the old one.")
        if let recovery {
            print("The old recovery key no longer opens it either. The new one, shown this once:")
            print("")
            print("    \(recovery)")
            print("")
        }
    }
}

/// `kith unlock --for 15m` and `kith lock`.
struct Unlock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract:
            "Keep an encrypted store's key for a while in the system's key store (never a file), so commands do not ask."
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(name: .customLong("for"), help: ArgumentHelp("How long: 30s, 15m, 2h (at most 12h).", valueName: "time"))
    var duration = "15m"

    func run() throws {
        guard let seconds = Self.seconds(duration) else {
            throw KithError(.invalidInput, "--for takes a time such as 30s, 15m or 2h, at most 12h; got '\(duration)'")
        }
        let path = try storeOptions.path
        _ = try encryptedHeader(path)
        let store = try storeOptions.open(reportFailures: false)
        guard let (header, key) = store.sealKey else { return }
        try StoreKeys.remember(key, for: header, seconds: seconds)
        print(
            "Unlocked \(path) for \(duration): the key is in the kernel's key store, not in a file. 'kith lock' forgets it."
        )
    }

    static func seconds(_ text: String) -> UInt32? {
        guard let unit = text.last, let n = UInt32(text.dropLast()), n > 0 else { return nil }
        let scale: UInt32? = ["s": 1, "m": 60, "h": 3600][unit]
        guard let scale, n <= 43_200 / scale else { return nil }
        return n * scale
    }
}

struct Lock: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock", abstract: "Forget an encrypted store's key kept by 'kith unlock'.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let path = try storeOptions.path
        let header = try encryptedHeader(path)
        print(StoreKeys.forget(header) ? "Locked \(path): its key is forgotten." : "\(path) was not unlocked.")
    }
}
