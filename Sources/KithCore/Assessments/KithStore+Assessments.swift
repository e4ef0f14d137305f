import Foundation
import GRDB

extension KithStore {
    /// Records answers to an assessment: checks them, scores them, stores the result, and
    /// announces it (plugins' `assessment.recorded` handlers run after the commit).
    public func recordAssessment(_ id: String, answers: [String: Int], at: String? = nil) throws -> AssessmentResult {
        guard let definition = catalog.assessments.first(where: { $0.id == id }) else {
            let known = catalog.assessments.map(\.id).joined(separator: ", ")
            throw KithError(.notFound, field: "assessment", "names no assessment: \(quoted(id)). Assessments here: \(known.isEmpty ? "none (install an instrument plugin)" : known)")
        }
        try definition.check(answers)
        let score = try definition.score(answers)
        guard score.total.isFinite else { throw KithError.invalid("total", "must be a number, the scoring returned \(score.total)") }
        let when = try instant(at, field: "at")
        var result = AssessmentResult(id: 0, assessment: id, version: definition.version, at: when, answers: answers,
                                      total: score.total, band: score.band, flags: score.flags, subscales: score.subscales,
                                      scoredBy: definition.plugin, scorerVersion: definition.pluginVersion, risk: score.risk,
                                      settings: score.settings.isEmpty ? nil : score.settings)
        try write { db in
            try db.execute(sql: """
                INSERT INTO assessment_result (assessment, version, at, answers, total, band, flags, subscales, scored_by, scorer_version, risk, settings)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, result.version, when, Self.json(answers), score.total, score.band, Self.json(score.flags),
                                 Self.json(score.subscales), result.scoredBy, result.scorerVersion, result.risk, result.settings.map(Self.json)])
            result.id = db.lastInsertedRowID
        }
        committed(.assessmentRecorded(result))
        return result
    }

    /// Results, newest first.
    public func assessmentResults(_ filter: AssessmentFilter = AssessmentFilter()) throws -> [AssessmentResult] {
        let range = try TimeRange(since: filter.since, until: filter.until, clock: clock)
        var (conditions, args) = range.conditions("at")
        if let a = filter.assessment { conditions.append("assessment = ?"); args.append(a) }
        let whereSQL = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM assessment_result" + whereSQL + " ORDER BY at DESC, id DESC", arguments: StatementArguments(args))
                .map(Self.result)
        }
    }

    static func result(_ row: Row) -> AssessmentResult {
        func decode<T: Decodable>(_ text: String?, _ fallback: T) -> T {
            text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) } ?? fallback
        }
        return AssessmentResult(id: row["id"], assessment: row["assessment"], version: row["version"], at: row["at"],
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
