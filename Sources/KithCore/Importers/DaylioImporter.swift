import Foundation

/// Daylio's CSV export: the current layout (`full_date,date,weekday,time,mood,activities,
/// note_title,note`) and the older one that starts with `year,`. Activities become tags,
/// mood labels map to 1..5 (rad, good, meh, bad, awful by default; `--mood-map` for renamed
/// labels), times (`10:00 pm` or `18:52`) are local.
public struct DaylioImporter {
    /// Daylio's default mood labels.
    public static let defaultMoods: [String: Int] = ["rad": 5, "good": 4, "meh": 3, "bad": 2, "awful": 1]

    /// Label -> mood, lower-cased; defaults plus the person's own.
    public var moods: [String: Int]

    /// An importer with the default labels plus `map` (`"sad=2,average=3"`).
    public init(moodMap map: String? = nil) throws {
        moods = Self.defaultMoods
        guard let map, !map.isEmpty else { return }
        for pair in map.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let mood = Int(parts[1]), (1...5).contains(mood) else {
                throw KithError.invalid(
                    "mood-map", "must be label=mood pairs with moods 1 to 5, like \"sad=2,average=3\"; got \"\(pair)\"")
            }
            moods[parts[0].lowercased()] = mood
        }
    }

    /// Parses the file into a plan; times are local to `timeZone`.
    public func plan(_ text: String, file: String, timeZone: TimeZone) throws -> ImportPlan {
        let rows = try CSVReader.records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw KithError(.invalidInput, "\(file) is empty; a Daylio export starts with a header line")
        }
        let current = ["full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"]
        let older = header.first == "year"
        guard header.starts(with: current.prefix(6)) || older else {
            throw KithError(
                .invalidInput,
                "\(file):1: this is not a Daylio export (expected a header starting \"full_date,date,weekday,time,mood,activities\" or \"year,\")"
            )
        }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // Check every label first: unknown ones are listed together with how to map them.
        let unknown = Set(
            rows.dropFirst().compactMap { row -> String? in
                let label = field(row.fields, column["mood"]).trimmingCharacters(in: .whitespaces).lowercased()
                return moods[label] == nil ? label : nil
            })
        if !unknown.isEmpty {
            let list = unknown.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw KithError(
                .invalidInput, "\(file) uses mood labels Kith does not know: \(list); nothing was imported",
                hint: .mapMoods(example: unknown.sorted().map { "\($0)=3" }.joined(separator: ",")))
        }
        var plan = ImportPlan()
        for (line, fields) in rows.dropFirst() {
            do {
                var entry = NewJournalEntry()
                let day: String
                if older {
                    day = try olderDate(year: field(fields, column["year"]), date: field(fields, column["date"]))
                } else {
                    day = field(fields, column["full_date"])
                    _ = try KithTime.parseDate(day, field: "full_date")
                }
                let seconds = try Self.time(field(fields, column["time"]))
                entry.at = KithTime.formatInstant(
                    KithTime.localInstant(
                        day: try KithTime.parseDate(day, field: "date"),
                        secondsOfDay: seconds, timeZone: timeZone))
                entry.mood = moods[field(fields, column["mood"]).trimmingCharacters(in: .whitespaces).lowercased()]
                entry.tags = Self.tags(field(fields, column["activities"]))
                let title = field(fields, column["note_title"]).trimmingCharacters(in: .whitespacesAndNewlines)
                let note = field(fields, column["note"]).replacingOccurrences(of: "<br>", with: "\n")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                entry.text = [title, note].filter { !$0.isEmpty }.joined(separator: "\n")
                plan.entries.append(.init(entry: entry, line: line))
            } catch {
                throw importError(file, line: line, error)
            }
        }
        return plan
    }

    private func field(_ fields: [String], _ index: Int?) -> String {
        guard let index, index < fields.count else { return "" }
        return fields[index]
    }

    /// `10:00 pm`, `9:05 am`, `18:52` -> seconds into the day.
    static func time(_ text: String) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let pm = t.hasSuffix("pm"), am = t.hasSuffix("am")
        let core = (pm || am) ? String(t.dropLast(2)).trimmingCharacters(in: .whitespaces) : t
        let parts = core.split(separator: ":").map { Int($0) }
        guard parts.count == 2, var hour = parts[0], let minute = parts[1], (0..<60).contains(minute),
            (pm || am) ? (1...12).contains(hour) : (0..<24).contains(hour)
        else {
            throw KithError.invalid("time", "must be like \"10:00 pm\" or \"18:52\", got \"\(text)\"")
        }
        if pm && hour != 12 { hour += 12 }
        if am && hour == 12 { hour = 0 }
        return hour * 3600 + minute * 60
    }

    /// Older exports: `year` and `date` like "28 September".
    func olderDate(year: String, date: String) throws -> String {
        let months = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december",
        ]
        let parts = date.split(separator: " ")
        guard let y = Int(year.trimmingCharacters(in: .whitespaces)), parts.count == 2, let d = Int(parts[0]),
            let m = months.firstIndex(where: { $0.hasPrefix(parts[1].lowercased().prefix(3)) })
        else {
            throw KithError.invalid("date", "must be a year and a day like \"28 September\", got \"\(year) \(date)\"")
        }
        let text = String(format: "%04d-%02d-%02d", y, m + 1, d)
        _ = try KithTime.parseDate(text, field: "date")
        return text
    }

    /// `stressed / frustrated  | eat out` -> ["stressed-frustrated", "eat-out"].
    static func tags(_ text: String) -> [String] {
        text.components(separatedBy: "|").compactMap { raw in
            let words = raw.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "-")
            return words.isEmpty ? nil : words
        }
    }
}
