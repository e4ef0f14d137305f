import ArgumentParser
import KithCore

/// `kith demo`: fill an empty store with an example network and journal.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Fill an empty store with an example network and eight weeks of journal.")

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let store = try storeOptions.open(creating: true)
        try DemoData.fill(store)
        print("Filled \(store.path) with an example network and eight weeks of journal.")
        print("Try: kith people list, kith journal list --limit 5, kith journal search group")
    }
}
