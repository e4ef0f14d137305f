import ArgumentParser
import Foundation
import KithCore

/// `kith undo`: reverses the latest change, an import included.
struct Undo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Reverse the last change (an edit, a delete, an import...); again for the one before.",
        discussion: "'kith history' lists the changes undo can reverse (the last 500). An undo cannot itself be undone."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let undone = try store.undo()
        if output.json { return try Output.json(undone.map { [$0] } ?? []) }
        guard let undone else { return print("Nothing to undo.") }
        print("Undid change #\(undone.id) of \(Output.local(undone.at, clock: store.clock)): \(undone.summary).")
    }
}

/// `kith history`: the latest changes, newest first.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "The latest changes to your store, newest first, and which were undone.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "How many (default 20).") var limit = 20
    @Flag(
        help:
            "Forget every change, so that nothing deleted can be read back from the store (nothing can be undone after)."
    )
    var clear = false

    @OptionGroup var pager: PagerOptions

    func run() throws {
        pager.start()
        let store = try storeOptions.open()
        if clear {
            let forgotten = try store.clearHistory()
            return print(
                "Forgot \(Output.count(forgotten, "change")); what deleted entries held is gone from the store file. Nothing can be undone now."
            )
        }
        let changes = try store.history(limit: limit)
        if output.json { return try Output.json(changes) }
        if changes.isEmpty { return print("No changes yet.") }
        Output.table(
            ["#", "WHEN", "WHAT", "UNDONE"],
            changes.map { c in
                [
                    "\(c.id)", Output.local(c.at, clock: store.clock),
                    c.summary + (c.cause.map { " (a plugin, after #\($0))" } ?? ""),
                    c.undoneAt.map { Output.local($0, clock: store.clock) } ?? "",
                ]
            })
    }
}
