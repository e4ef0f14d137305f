import ArgumentParser
import KithCore
import KithSeal

/// `kith init`: create the store.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create your store (mode 0600 in a private folder).")

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Encrypt it with a passphrase (asked twice, or --passphrase-file); see docs/security.md.")
    var encrypt = false
    @Flag(help: "With --encrypt: make no recovery key.") var noRecoveryKey = false

    func run() throws {
        let path = try storeOptions.path
        if encrypt {
            guard !KithStore.exists(at: path) else {
                throw KithError(
                    .conflict, "There is already a store at \(path); 'kith encrypt' encrypts it in place.")
            }
            let (header, key, recovery) = try PassphrasePrompt.newKey(
                file: storeOptions.passphraseFile, recovery: !noRecoveryKey)
            _ = try KithStore.createSealed(path: path, header: header, key: key)
            print("Created your encrypted store at \(path).")
            return EncryptionNotice.show(header, recovery: recovery)
        }
        let existed = KithStore.exists(at: path)
        _ = try storeOptions.open(creating: true)
        print(existed ? "Your store at \(path) is ready (it already existed)." : "Created your store at \(path).")
    }
}
