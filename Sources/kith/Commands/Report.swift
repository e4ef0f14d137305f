import ArgumentParser
import Foundation
import KithCore
import KithReports

/// `kith report [ID]`: list reports, or run one in any format.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "List reports, or run one: text, markdown, html, json or csv.",
        discussion: "kith report weekly --since 2026-03-02 --format html -o week.html"
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The report to run (omit to list them).") var id: String?
    @Option(help: ArgumentHelp("First day of the period.", valueName: "date")) var since: String?
    @Option(help: ArgumentHelp("Last day of the period.", valueName: "date")) var until: String?
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp("A parameter for the report (repeatable).", valueName: "key=value"))
    var params: [String] = []
    @Option(
        help:
            "text, markdown, html, json or csv (any case; default: from -o's extension, else text; --json means json).")
    var format: ReportFormat?
    @Option(
        name: [.short, .customLong("output")],
        help: ArgumentHelp(
            "Write to this file (mode 0600) instead of standard output; with --stores, {name} is each store's name.",
            valueName: "file"))
    var outputFile: String?
    @Option(
        help: ArgumentHelp(
            "Run the report for every store a quoted pattern names ('clients/*.sqlite').", valueName: "glob"))
    var stores: String?
    @OptionGroup var pager: PagerOptions

    func validate() throws {
        if stores != nil && !(outputFile ?? "").contains("{name}") {
            throw ValidationError("With --stores, give -o with {name} in it, for example -o 'out/{name}.html'.")
        }
        if stores != nil && id == nil { throw ValidationError("With --stores, name the report to run.") }
        if let stores { try StoreGlob.checkNotExpanded(stores, others: [id].compactMap { $0 }) }
        _ = try effectiveFormat()
    }

    /// The format asked for: --format, else -o's extension, else --json, else text. A --format
    /// that contradicts the file's extension is refused rather than writing HTML into x.csv.
    func effectiveFormat() throws -> ReportFormat {
        let ext = ((outputFile ?? "") as NSString).pathExtension.lowercased()
        let byExtension: ReportFormat? = [
            "html": .html, "htm": .html, "md": .markdown, "markdown": .markdown,
            "json": .json, "csv": .csv, "txt": .text,
        ][ext]
        if let format, let byExtension, format != byExtension {
            throw ValidationError(
                "--format \(format.rawValue) does not match -o \(outputFile ?? ""); name the file .\(format.rawValue) or drop --format."
            )
        }
        if let format, output.json, format != .json {
            throw ValidationError("--json asks for JSON, but --format asks for \(format.rawValue); give one of them.")
        }
        return format ?? byExtension ?? (output.json ? .json : .text)
    }

    func run() throws {
        if outputFile == nil { pager.start() }
        if let stores, let id { return try runForStores(try StoreGlob.expand(stores), id: id) }
        let store = try storeOptions.open()
        guard let id else { return try list(store) }
        let text = try render(id, store: store)
        guard let outputFile else { return Terminal.output(text) }
        try PrivateFile.write(Data(text.utf8), to: outputFile)
        Terminal.error("Wrote \(outputFile).\n")
    }

    /// One report per store; a failing store is reported and the others still run.
    private func runForStores(_ paths: [String], id: String) throws {
        let progress = ProgressBar(label: "reports")
        var failures: [String] = []
        for (n, path) in paths.enumerated() {
            let file = outputFile!.replacingOccurrences(of: "{name}", with: StoreGlob.name(of: path))
            do {
                var options = storeOptions
                options.store = path
                let text = try render(id, store: try options.open())
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
                try PrivateFile.write(Data(text.utf8), to: file)
            } catch {
                failures.append("\(path): \(error)")
            }
            progress.update(n + 1, paths.count)
        }
        progress.finish()
        var summary =
            "\(paths.count) stores: \(paths.count - failures.count) reports written, \(failures.count) failed.\n"
        for f in failures { summary += "  \(f)\n" }
        Terminal.error(summary)
        if !failures.isEmpty { throw ExitCode(1) }
    }

    private func render(_ id: String, store: KithStore) throws -> String {
        var values: [String: String] = [:]
        for pair in params {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw KithError.invalid("param", "must be key=value, like --param client=ana, got \"\(pair)\"")
            }
            values[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        var request = try ReportRequest(parsing: values)
        try request.setPeriod(since: since, until: until)
        let document = try store.runReport(id, request)
        let format = try effectiveFormat()
        let text = format.render(document)
        if format == .csv && text.isEmpty {
            Terminal.error("kith: report '\(id)' has no tables, so the CSV is empty.\n")
        }
        return text
    }

    private func list(_ store: KithStore) throws {
        let reports = store.catalog.reports
        struct Item: Encodable { let id: String, title: String, description: String, plugin: String? }
        if output.json {
            return try Output.json(
                reports.map { Item(id: $0.id, title: $0.title, description: $0.description, plugin: $0.plugin) })
        }
        Output.table(
            ["ID", "FROM", "WHAT"],
            reports.map { [$0.id, $0.plugin.map { "plugin \($0)" } ?? "built in", $0.description] })
        print(
            "Run one with 'kith report ID [--since DATE] [--until DATE] [--format text|markdown|html|json|csv] [-o FILE]'."
        )
    }
}

extension ReportFormat: ExpressibleByArgument {
    /// `HTML` and `Html` are `html`: a format name cannot be ambiguous in any case.
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}
