import ArgumentParser
import KithCore

/// `kith types`: the support types this process knows, and who defined them.
struct Types: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types", abstract: "List support types (built in and from plugins).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let types = store.catalog.supportTypes
        if output.json { return try Output.json(types) }
        Output.table(
            ["ID", "NAME", "DIMENSIONS", "CADENCE", "FROM"],
            types.map { t in
                [
                    t.id, t.name, t.dimensions.map(\.rawValue).joined(separator: ","),
                    t.defaultCadenceDays.map { "\($0)d" } ?? "-",
                    t.plugin.map { "plugin \($0)" } ?? "built in",
                ]
            })
    }
}

/// `kith metrics`: the journal metrics this process knows.
struct Metrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "List journal metrics (built in and from plugins).")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try storeOptions.open()
        let metrics = store.catalog.metrics
        if output.json { return try Output.json(metrics) }
        Output.table(
            ["ID", "NAME", "KIND", "RANGE", "FROM"],
            metrics.map { m in
                let range =
                    (m.min == nil && m.max == nil)
                    ? "-"
                    : "\(m.min.map { MetricValue.number($0).description } ?? "")..\(m.max.map { MetricValue.number($0).description } ?? "")"
                return [m.id, m.name, m.kind.rawValue, range, m.plugin.map { "plugin \($0)" } ?? "built in"]
            })
    }
}
