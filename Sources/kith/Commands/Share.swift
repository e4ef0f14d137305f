import ArgumentParser
import Foundation
import KithCore
import KithReports
import KithSync

/// `kith share`: chosen parts of the store, in a file only one recipient can open.
struct Share: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Give a counsellor, sponsor or clinic exactly the parts you choose, readable by them alone.",
        discussion: """
            The recipient runs 'kith share keys' once and hands you the key it prints. You then run, for \
            example: kith share --to kithpub-... --report weekly --assessments phq9 --plan -o for-sam.kithshare
            Kith says what the file will hold before it writes it. The recipient opens it with 'kith share open'.
            """,
        subcommands: [ShareWrite.self, ShareKeys.self, ShareOpen.self, ShareImport.self],
        defaultSubcommand: ShareWrite.self
    )
}

/// Where the recipient's private key is.
struct ShareKeyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp("Your share key file (default: $XDG_DATA_HOME/kith/share-key).", valueName: "file"))
    var key: String?

    var path: String { key ?? ShareKey.defaultPath() }
}

struct ShareKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Make your share key (once) and print the public key to hand out.")

    @OptionGroup var keyOptions: ShareKeyOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let (key, made) = try ShareKey.load(keyOptions.path, creating: true)
        if output.json {
            return try Output.json([
                "public_key": key.publicText, "fingerprint": key.fingerprint, "file": keyOptions.path,
            ])
        }
        print(
            made
                ? "Made your share key in \(keyOptions.path) (keep it; it alone opens what is shared with you)."
                : "Your share key is in \(keyOptions.path).")
        print("Hand out this public key (it opens nothing; it lets people write shares only you can read):\n")
        print("  \(key.publicText)\n")
        print("Fingerprint: \(key.fingerprint) (a share for you names it).")
    }
}

struct ShareWrite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write", abstract: "Write a share (the default): the parts you choose, for one recipient.")

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp("The recipient's public key (kithpub-...).", valueName: "key")) var to: String
    @Option(
        name: .customLong("report"), parsing: .upToNextOption,
        help: ArgumentHelp("Reports to include, rendered (repeatable; 'kith report' lists them).", valueName: "id"))
    var reports: [String] = []
    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Assessment results to include, by instrument (phq9 gad7 ...) or 'all'.", valueName: "id"))
    var assessments: [String] = []
    @Flag(help: "Include your safety plan.") var plan = false
    @Option(help: ArgumentHelp("Only what is from this day on (reports' period and results).", valueName: "date"))
    var since: String?
    @Option(help: ArgumentHelp("The share cannot be opened after this day or instant.", valueName: "date"))
    var expires: String?
    @Option(
        name: [.short, .customLong("output")], help: ArgumentHelp("The file to write (mode 0600).", valueName: "file"))
    var outputFile: String
    @Flag(help: "Write without asking (what it holds is still printed).") var yes = false

    func validate() throws {
        if reports.isEmpty && assessments.isEmpty && !plan {
            throw ValidationError("Choose what to share: --report ID, --assessments ID or all, --plan.")
        }
    }

    func run() throws {
        let recipient = try ShareKey.publicKey(to)
        let store = try storeOptions.open()
        var contents = ShareContents(made: store.clock.nowText)
        let sinceBound = try since.map { try TimeBound(parsing: $0, field: "since", clock: store.clock) }
        contents.since = sinceBound?.text
        if let expires {
            let until = try TimeBound(parsing: expires, field: "expires", clock: store.clock).upper(
                in: store.clock.timeZone)
            guard until.seconds > store.clock.now() else {
                throw KithError.invalid(
                    "expires", "is already past (\(expires)): give a later day, like --expires 2026-12-31")
            }
            contents.expires = KithTime.formatInstant(until.seconds)
        }
        for id in reports {
            var request = ReportRequest()
            try request.setPeriod(since: since, until: nil)
            let document = try store.runReport(id, request)
            let title = store.catalog.reports.first { $0.id == id }?.title ?? id
            contents.reports.append(
                .init(
                    id: id, title: title, text: ReportFormat.text.render(document),
                    json: ReportFormat.json.render(document)))
        }
        if !assessments.isEmpty {
            let known = store.catalog.assessments
            let wanted = assessments.contains("all") ? Set(known.map(\.id)) : Set(assessments)
            for id in wanted where !known.contains(where: { $0.id == id }) {
                throw KithError.invalid(
                    "assessments", "names '\(id)', which is not an assessment here ('kith assess' lists them)")
            }
            contents.results = try store.assessmentResults(AssessmentFilter(since: sinceBound)).filter {
                wanted.contains($0.assessment)
            }
            contents.instruments = known.filter { wanted.contains($0.id) }.map {
                .init(id: $0.id, title: $0.title, version: $0.version)
            }
        }
        if plan { contents.plan = SafetyPlanText.render(try store.safetyPlan(), crisisLine: try store.crisisLine()) }

        // Everything the recipient will see, as they will see it; then the summary.
        ShareView.show(contents)
        print("")
        print("The share will hold, readable only by the holder of the key \(ShareKey.fingerprint(of: recipient)):")
        for line in contents.summary { print("  - \(line)") }
        if contents.results.isEmpty && !assessments.isEmpty { print("  (no assessment results match)") }
        print(
            "and nothing else from your store" + (contents.expires.map { "; it cannot be opened after \($0)" } ?? "")
                + ".")
        if !yes {
            guard isatty(0) == 1 else {
                throw KithError(
                    .invalidInput, "nothing was written: read the above, then run again with --yes to write it")
            }
            FileHandle.standardOutput.write(Data("Write it to \(outputFile)? [y/N] ".utf8))
            guard let answer = readLine(),
                ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces))
            else { return print("Nothing was written.") }
        }
        try PrivateFile.write(try ShareFile.seal(contents, to: recipient), to: outputFile)
        print("Wrote \(outputFile).")
    }
}

/// Reads a share file with the recipient's key.
func openShare(_ file: String, keyPath: String) throws -> ShareContents {
    guard let data = try DurableFile.readRegular(file, limit: 256 << 20, what: file) else {
        throw KithError(.notFound, "There is no file at \(file)")
    }
    guard FileManager.default.fileExists(atPath: keyPath) else {
        throw KithError(
            .notFound,
            "There is no share key at \(keyPath): a share opens only with the key it was made for (made by 'kith share keys'; give it with --key FILE)"
        )
    }
    let (key, _) = try ShareKey.load(keyPath)
    return try ShareFile.open(data, key: key, now: Int64(Date().timeIntervalSince1970))
}

struct ShareOpen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Show a share made for you: its reports, results and plan.")

    @OptionGroup var keyOptions: ShareKeyOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The share file.") var file: String

    func run() throws {
        let contents = try openShare(file, keyPath: keyOptions.path)
        if output.json { return try Output.json(contents) }
        print("Shared at \(contents.made)" + (contents.expires.map { ", until \($0)" } ?? "") + ". It holds:")
        for line in contents.summary { print("  - \(line)") }
        ShareView.show(contents)
    }
}

/// A share's parts as text: what `share open` shows, and what `share` shows before writing.
enum ShareView {
    static func show(_ contents: ShareContents) {
        for report in contents.reports {
            print("\n== \(report.title) ==\n")
            print(report.text)
        }
        if !contents.results.isEmpty {
            print("\n== Assessment results ==\n")
            let titles = Dictionary(contents.instruments.map { ($0.id, "\($0.title) \($0.version)") }) { a, _ in a }
            Output.table(
                ["WHEN", "INSTRUMENT", "TOTAL", "BAND", "FLAGS"],
                contents.results.sorted { $0.at < $1.at }.map { r in
                    [
                        r.at, titles[r.assessment] ?? r.assessment, ReportValue.number(r.total).description,
                        r.band ?? "", r.flags.joined(separator: ", "),
                    ]
                })
            for r in contents.results where r.risk != nil {
                print(
                    "\nRISK at \(r.at) (\(titles[r.assessment] ?? r.assessment)): \(r.risk ?? ""). Follow your service's risk procedure today."
                )
            }
        }
        if let plan = contents.plan {
            print("\n== Safety plan ==\n")
            print(plan)
        }
    }
}

struct ShareImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Record a share's assessment results in a store (a clinic's copy for that client), scored again there.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var keyOptions: ShareKeyOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The share file.") var file: String

    func run() throws {
        let contents = try openShare(file, keyPath: keyOptions.path)
        let store = try storeOptions.open()
        var existing = Set(try store.assessmentResults().map { "\($0.assessment) \($0.at)" })
        // Only times as Kith writes them, not in the future: "tomorrow" or a bare date would
        // record a result that stays the client's latest, and import again every time.
        for result in contents.results {
            guard let seconds = try? KithTime.parseInstant(result.at, field: "at"),
                KithTime.formatInstant(seconds) == result.at, seconds <= store.clock.now() + 86400
            else {
                throw KithError(
                    .invalidInput,
                    "The share holds a result at '\(result.at)', not a time Kith writes; nothing was recorded")
            }
        }
        var recorded = 0
        var already = 0
        try store.transaction {
            for result in contents.results.sorted(by: { $0.at < $1.at }) {
                let key = "\(result.assessment) \(result.at)"
                if existing.contains(key) {
                    already += 1
                    continue
                }
                _ = try store.recordAssessment(result.assessment, answers: result.answers, at: result.at)
                existing.insert(key)
                recorded += 1
            }
        }
        if output.json { return try Output.json(["recorded": recorded, "already_there": already]) }
        print(
            "Recorded \(Output.count(recorded, "assessment result")) from \(file) (\(already) already there); reports and plans in a share are for reading: 'kith share open'."
        )
    }
}
