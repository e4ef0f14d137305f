import GRDB

extension KithStore {
    /// The source of reminders for instruments a clinic asks for on a schedule.
    public static let instrumentScheduleSource = "kith.instruments"

    /// One reminder per scheduled instrument whose round has come and that has not been
    /// answered since; answering it (anywhere) is what makes it done. Instruments no plugin
    /// defines now are left out: a reminder must lead somewhere it can be answered.
    func instrumentScheduleReminders(today: LocalDay) throws -> [Reminder] {
        guard let clinic = catalog.clinic, !clinic.schedules.isEmpty else { return [] }
        let last = try read { db in
            try Row.fetchAll(db, sql: "SELECT assessment, MAX(at) AS at FROM assessment_result GROUP BY assessment")
        }.reduce(into: [String: LocalDay]()) { days, row in
            if let day = localDay(row["at"]) { days[row["assessment"]] = day }
        }
        let instruments = catalog.assessments
        return clinic.schedules.compactMap { schedule in
            guard let instrument = instruments.first(where: { $0.id == schedule.instrument }),
                let due = schedule.dueDay(today: today, lastAnswered: last[schedule.instrument])
            else { return nil }
            let answered = last[schedule.instrument].map { "; last answered \($0.text)" } ?? ""
            return Reminder(
                key: "\(schedule.instrument)-\(due.text)", source: Self.instrumentScheduleSource,
                title: "Time for the \(instrument.title): \(clinic.name) asks for it \(schedule.every)\(answered)",
                due: due.text, priority: .normal)
        }
    }
}
