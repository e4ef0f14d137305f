extension KithStore {
    /// Runs a report by id with its parameters (`since`, `until`, anything else it reads),
    /// checking the document before anyone renders it. `authorize` sees the definition before
    /// it runs and throws to refuse it (a plugin lacking what the report reads).
    public func runReport(
        _ id: String, params: [String: String] = [:],
        authorize: (ReportDefinition) throws -> Void = { _ in }
    ) throws -> ReportDocument {
        guard let report = catalog.reports.first(where: { $0.id == id }) else {
            let known = catalog.reports.map(\.id).joined(separator: ", ")
            throw KithError(.notFound, "There is no report '\(id)'. Reports here: \(known)", hint: .listReports)
        }
        try authorize(report)
        for key in ["since", "until"] { if let value = params[key] { _ = try KithTime.parseDate(value, field: key) } }
        let document = try report.build(self, params)
        do {
            try document.validate()
        } catch let error as KithError {
            throw KithError(
                .invalidInput, "report '\(id)'\(report.plugin.map { " (plugin '\($0)')" } ?? ""): \(error.description)")
        }
        return document
    }
}
