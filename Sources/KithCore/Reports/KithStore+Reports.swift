extension KithStore {
    /// Runs a report by id for a request (its period, anything else it reads), checking the
    /// document before anyone renders it. `authorize` sees the definition before it runs and
    /// throws to refuse it (a plugin lacking what the report reads).
    public func runReport(
        _ id: String, _ request: ReportRequest = ReportRequest(),
        authorize: (ReportDefinition) throws -> Void = { _ in }
    ) throws -> ReportDocument {
        guard let report = catalog.reports.first(where: { $0.id == id }) else {
            let known = catalog.reports.map(\.id).joined(separator: ", ")
            throw KithError(.notFound, "There is no report '\(id)'. Reports here: \(known)", hint: .listReports)
        }
        try authorize(report)
        let document = try report.build(self, request)
        do {
            try document.validate()
        } catch let error as KithError {
            throw KithError(
                .invalidInput, "report '\(id)'\(report.plugin.map { " (plugin '\($0)')" } ?? ""): \(error.description)")
        }
        return document
    }
}

extension KithStore {
    /// Runs a report with text parameters (`since` and `until` dates among them), for callers
    /// holding a table of text: they are parsed once, here.
    public func runReport(
        _ id: String, params: [String: String], authorize: (ReportDefinition) throws -> Void = { _ in }
    ) throws -> ReportDocument {
        try runReport(id, ReportRequest(parsing: params), authorize: authorize)
    }
}
