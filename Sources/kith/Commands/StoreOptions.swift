import ArgumentParser
import KithCore

/// Options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store to use (default: $KITH_STORE, then $XDG_DATA_HOME/kith/kith.sqlite).", valueName: "path"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("Fix the clock at this instant or date (also $KITH_NOW).", valueName: "instant"))
    var now: String?

    /// The store path this command uses.
    var path: String { KithStore.defaultPath(override: store) }

    /// Opens (creating if needed) the store.
    func open() throws -> KithStore {
        try KithStore.open(path: path, clock: try KithClock.resolve(override: now))
    }
}

/// `--json` for commands whose output other programs read.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for other programs instead of text.")
    var json = false
}

extension Circle: ExpressibleByArgument {}
extension PersonKind: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension SupportDimension: ExpressibleByArgument {}
