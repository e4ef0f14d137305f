import ArgumentParser

/// Placeholder replaced below.
struct Share: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share", abstract: "Share chosen parts with one recipient.")
}
