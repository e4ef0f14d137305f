import Foundation
import GRDB

extension KithStore {
    /// Records answers to an assessment: checks them, scores them, stores the result, and
    /// announces it (plugins' `assessment.recorded` handlers run after the commit).
    public func recordAssessment(_ id: String, answers: [String: Int], at: String? = nil) throws -> AssessmentResult {
        guard let definition = catalog.assessments.first(where: { $0.id == id }) else {
            let known = catalog.assessments.map(\.id).joined(separator: ", ")
            throw KithError(
                .notFound, field: "assessment",
                "names no assessment: \(quoted(id)). Assessments here: \(known.isEmpty ? "none (install an instrument plugin)" : known)"
            )
        }
        try definition.check(answers)
        let score = try definition.score(answers)
        try Self.checkTotal(score.total)
        let when = try instant(at, field: "at")
        var result = AssessmentResult(
            id: 0, assessment: id, version: definition.version, at: when, answers: answers,
            total: score.total, band: score.band, flags: score.flags, subscales: score.subscales,
            scoredBy: definition.plugin, scorerVersion: definition.pluginVersion, risk: score.risk,
            settings: score.settings.isEmpty ? nil : score.settings)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO assessment_result (assessment, version, at, answers, total, band, flags, subscales, scored_by, scorer_version, risk, settings)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, result.version, when, Self.json(answers), score.total, score.band, Self.json(score.flags),
                    Self.json(score.subscales), result.scoredBy, result.scorerVersion, result.risk,
                    result.settings.map(Self.json),
                ])
            result.id = db.lastInsertedRowID
        }
        committed(.assessmentRecorded(result))
        return result
    }

    /// One result, or an error that says where to find the ids.
    public func assessmentResult(_ id: Int64) throws -> AssessmentResult {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM assessment_result WHERE id = ?", arguments: [id])
        }
        guard let row else {
            throw KithError(
                .notFound, field: "id", "names no assessment result: there is no result #\(id)",
                hint: .listAssessmentResults)
        }
        return Self.result(row)
    }

    /// Deletes a result recorded by mistake; `kith undo` brings it back.
    public func deleteAssessmentResult(_ id: Int64) throws -> AssessmentResult {
        let result = try assessmentResult(id)
        try write { db in try db.execute(sql: "DELETE FROM assessment_result WHERE id = ?", arguments: [id]) }
        return result
    }

    /// Corrects a result: when it was answered, or its answers, which the instrument installed
    /// now scores again (its version and scorer are then recorded with the result).
    public func correctAssessmentResult(_ id: Int64, answers: [String: Int]? = nil, at: String? = nil) throws
        -> AssessmentResult
    {
        guard answers != nil || at != nil else {
            throw KithError(.invalidInput, "Nothing to correct: give the new answers (--answers) or the time (--at).")
        }
        var result = try assessmentResult(id)
        if let at { result.at = try instant(at, field: "at") }
        if let answers {
            guard let definition = catalog.assessments.first(where: { $0.id == result.assessment }) else {
                throw KithError(
                    .notFound, field: "assessment",
                    "\(quoted(result.assessment)) is not installed, so new answers cannot be scored; delete the result and answer again once it is"
                )
            }
            try definition.check(answers)
            let score = try definition.score(answers)
            try Self.checkTotal(score.total)
            result = AssessmentResult(
                id: id, assessment: result.assessment, version: definition.version, at: result.at, answers: answers,
                total: score.total, band: score.band, flags: score.flags, subscales: score.subscales,
                scoredBy: definition.plugin, scorerVersion: definition.pluginVersion, risk: score.risk,
                settings: score.settings.isEmpty ? nil : score.settings)
        }
        try write { db in
            try db.execute(
                sql: """
                    UPDATE assessment_result SET version = ?, at = ?, answers = ?, total = ?, band = ?, flags = ?, subscales = ?,
                      scored_by = ?, scorer_version = ?, risk = ?, settings = ? WHERE id = ?
                    """,
                arguments: [
                    result.version, result.at, Self.json(result.answers), result.total, result.band,
                    Self.json(result.flags),
                    Self.json(result.subscales), result.scoredBy, result.scorerVersion, result.risk,
                    result.settings.map(Self.json), id,
                ])
        }
        // New answers are a result recorded again: handlers, and every front end's crisis
        // watch, hear of a risk answer a correction brings.
        if answers != nil { committed(.assessmentRecorded(result)) }
        return result
    }

    /// Results, newest first.
    public func assessmentResults(_ filter: AssessmentFilter = AssessmentFilter()) throws -> [AssessmentResult] {
        let range = try TimeRange(since: filter.since, until: filter.until, clock: clock)
        var (conditions, args) = range.conditions("at")
        if let a = filter.assessment { conditions.append("assessment = ?"); args.append(a) }
        let whereSQL = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM assessment_result" + whereSQL + " ORDER BY at DESC, id DESC",
                arguments: StatementArguments(args)
            )
            .map(Self.result)
        }
    }

    /// The largest total Kith keeps: no questionnaire scores near it, and charts and the change
    /// over time stay finite with it (an import is held to the same).
    public static let maxTotal = 1e9

    static func checkTotal(_ total: Double) throws {
        guard total.isFinite, abs(total) <= maxTotal else {
            throw KithError.invalid(
                "total", "must be a finite number of at most 10^9 in size, the scoring returned \(total)")
        }
    }

    static func result(_ row: Row) -> AssessmentResult {
        func decode<T: Decodable>(_ text: String?, _ fallback: T) -> T {
            text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) } ?? fallback
        }
        return AssessmentResult(
            id: row["id"], assessment: row["assessment"], version: row["version"], at: row["at"],
            answers: decode(row["answers"], [:]), total: row["total"], band: row["band"],
            flags: decode(row["flags"], []), subscales: decode(row["subscales"], [:]),
            scoredBy: row["scored_by"], scorerVersion: row["scorer_version"], risk: row["risk"],
            settings: (row["settings"] as String?).map { decode($0, [:]) })
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
