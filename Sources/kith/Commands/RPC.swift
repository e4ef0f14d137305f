import ArgumentParser
import Foundation
import KithLua
import KithRPC

struct RPC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpc",
        abstract:
            "Serve JSON-RPC 2.0 on standard input and output, one message per line, for a front end in any language.",
        discussion: """
            Methods mirror the Lua API ('people.list', 'journal.add', ...); 'rpc.discover' describes them all. \
            Messages are at most 1 MiB. See docs/front-ends.md.
            """)

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        // A server never ends because a plugin is stuck in C: the call fails once it returns.
        LuaLastResort.set(
            .report { who in Terminal.error("kith: [\(who)] is stuck past its time limit; its call will fail.\n") })
        let session = try storeOptions.session()
        let server = RPCServer(context: try RPCContext(session: session))
        RPCLineTransport(server: server).run()
        // Every risk answer recorded here went back to the client with its crisis section.
        CrisisNotice.pending = nil
    }
}
