import ArgumentParser
import Foundation
import KithCore
import KithLua

/// The `kith` command: a thin front end over KithCore, KithLua and KithPlugins.
@main
struct Kith: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Your support network and recovery journal, kept on your own machine.",
        version: KithInfo.version,
        subcommands: [
            Init.self, People.self, Log.self, Interactions.self, Journal.self, Types.self, Metrics.self,
            Export.self, Import.self, Backup.self, Restore.self, Doctor.self, Config.self, Undo.self, History.self,
            Demo.self, Run.self, Plugins.self, Schedule.self, Remind.self, Report.self, Batch.self, Assess.self,
            RPC.self, Serve.self,
            Plan.self, Encrypt.self, Decrypt.self, Passphrase.self, Unlock.self, Lock.self, Sync.self, Share.self,
        ]
    )

    /// Runs a command; Kith's own errors print as one line and exit 1.
    static func main() {
        if let suggestion = CommandSuggestions.check(Array(CommandLine.arguments.dropFirst()), root: Kith.self) {
            Terminal.error("error: \(suggestion)\n")
            Foundation.exit(64)
        }
        do {
            var command =
                try LeafParse.command(Array(CommandLine.arguments.dropFirst()), root: Kith.self) ?? parseAsRoot()
            defer {
                Pager.finish()
                CrisisNotice.showIfPending()
                OpenSessions.closeAll()
            }
            try command.run()
        } catch let error as KithError {
            Terminal.error("error: \(CommandHints.line(error))\n")
            Foundation.exit(1)
        } catch let error as LuaError {
            // Plugin code failing inside a command (a report, a rule): named, one line.
            Terminal.error("error: \(error)\n")
            Foundation.exit(1)
        } catch {
            // Help and --version print as the parser prints them; a usage error is one line,
            // like every other error, with where to look.
            // An ExitCode a command threw has already said what went wrong.
            if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let arguments = Array(CommandLine.arguments.dropFirst())
            let command = CommandSuggestions.path(arguments, root: Kith.self)
            let what = StoreGlob.expansionMessage(in: arguments) ?? message(for: error)
            Terminal.error("error: \(what) (see '\(command) --help')\n")
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
