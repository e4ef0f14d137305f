import ArgumentParser
import Foundation
import KithLua
import KithRPC
import KithWeb

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Kith web app on this machine; the first line printed is the link to open.",
        discussion: """
            It listens on 127.0.0.1 only, on a free port unless --port is given. The link holds a one-time \
            token: the browser that opens it first gets the session. Stop it with Ctrl-C. See docs/front-ends.md.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "The port (default: a free one).") var port: Int?
    @Option(
        help: ArgumentHelp(
            "Listen on this address instead of 127.0.0.1: anyone who can reach it and has the link gets everything.",
            valueName: "address"))
    var listen: String?
    @Flag(help: "Open the link in the default browser.") var open = false

    func run() throws {
        if let port, !(1...65_535).contains(port) {
            throw ValidationError("--port must be from 1 to 65535, got \(port)")
        }
        var options = WebServer.Options()
        options.port = port ?? 0
        if let listen {
            options.host = listen
            Terminal.error(
                "kith: warning: serving on \(listen), not only this machine: anyone who can reach it and has the link can read and change everything.\n"
            )
        }
        // A server never ends because a plugin is stuck in C: the call fails once it returns.
        LuaLastResort.set(
            .report { who in Terminal.error("kith: [\(who)] is stuck past its time limit; its call will fail.\n") })
        let session = try storeOptions.session()
        let server = WebServer(server: RPCServer(context: try RPCContext(session: session)), options: options)
        let openBrowser = open
        // The CLI's entry is synchronous: the server runs on Swift's concurrency pool while this
        // thread waits for it to stop (Ctrl-C or SIGTERM end it gracefully).
        let outcome = ServeOutcome()
        let stopped = DispatchSemaphore(value: 0)
        Task {
            do {
                try await server.run { url in
                    // Written whole and at once: a front end waits for this line.
                    FileHandle.standardOutput.write(Data((url + "\n").utf8))
                    if openBrowser { BrowserOpener.open(url) }
                }
            } catch {
                outcome.set(error)
            }
            stopped.signal()
        }
        stopped.wait()
        if let error = outcome.error { throw error }
    }
}

/// The person's default browser, through the system's opener.
enum BrowserOpener {
    static func open(_ url: String) {
        #if os(macOS)
            let opener = "/usr/bin/open"
        #else
            let opener = "/usr/bin/xdg-open"
        #endif
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        do { try process.run() } catch {
            Terminal.error("kith: could not start \(opener) to open the browser; open the link above yourself.\n")
        }
    }
}

/// How the server stopped, handed from its task to the waiting thread.
final class ServeOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.withLock { stored } }
    func set(_ error: Error) { lock.withLock { stored = error } }
}
