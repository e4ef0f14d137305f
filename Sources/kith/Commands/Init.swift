import ArgumentParser
import KithCore

/// `kith init`: create the store.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create your store (mode 0600 in a private folder).")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let path = try storeOptions.path
        let existed = KithStore.exists(at: path)
        _ = try storeOptions.open(creating: true)
        print(existed ? "Your store at \(path) is ready (it already existed)." : "Created your store at \(path).")
    }
}
