import Foundation
import GRDB

/// What an importer found in a file, before anything is written: people and journal entries
/// with the line each came from, so a refusal can name it.
public struct ImportPlan: Sendable {
    /// A person to add, unless someone of that name is already there.
    public struct PersonItem: Sendable {
        public var person: NewPerson
        public var line: Int

        /// A person from `line` of the file.
        public init(person: NewPerson, line: Int) {
            self.person = person
            self.line = line
        }
    }

    /// An entry to add, unless the same entry (time, mood and text) is already there.
    public struct EntryItem: Sendable {
        public var entry: NewJournalEntry
        public var line: Int

        /// An entry from `line` of the file.
        public init(entry: NewJournalEntry, line: Int) {
            self.entry = entry
            self.line = line
        }
    }

    public var people: [PersonItem] = []
    public var entries: [EntryItem] = []

    /// An empty plan.
    public init() {}
}

/// What an import did (or, in a dry run, would do).
public struct ImportSummary: Codable, Equatable, Sendable {
    public var peopleAdded = 0
    public var peopleSkipped = 0
    public var entriesAdded = 0
    public var entriesSkipped = 0
    /// Counts a plugin importer returned (`{ people = 3, entries = 120 }`).
    public var counts: [String: Int] = [:]

    enum CodingKeys: String, CodingKey {
        case peopleAdded = "people_added", peopleSkipped = "people_skipped", entriesAdded = "entries_added",
            entriesSkipped = "entries_skipped", counts
    }

    /// An empty summary.
    public init() {}

    /// One line for a person.
    public var line: String {
        if !counts.isEmpty { return counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ") }
        var parts: [String] = []
        if peopleAdded + peopleSkipped > 0 {
            parts.append(
                Plural.count(peopleAdded, "person", "people")
                    + (peopleSkipped > 0 ? " (\(peopleSkipped) already there)" : ""))
        }
        if entriesAdded + entriesSkipped > 0 {
            parts.append(
                Plural.count(entriesAdded, "journal entry", "journal entries")
                    + (entriesSkipped > 0 ? " (\(entriesSkipped) already there)" : ""))
        }
        return parts.isEmpty ? "nothing to import" : parts.joined(separator: ", ")
    }
}

/// A refusal that names the file, the line and the field.
func importError(_ file: String, line: Int, _ error: Error) -> KithError {
    if let e = error as? KithError {
        return KithError(.invalidInput, "\(file):\(line): \(e.description); nothing was imported")
    }
    return KithError(.invalidInput, "\(file):\(line): \(error); nothing was imported")
}

extension KithStore {
    /// Writes a plan in one transaction: people whose name is taken and entries already
    /// present are skipped, so importing a file twice adds nothing the second time. A bad
    /// row anywhere imports nothing and names the line. `dryRun` rolls back at the end.
    /// `progress` is called with (done, total) as items are written.
    public func apply(
        _ plan: ImportPlan, file: String, dryRun: Bool = false,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws -> ImportSummary {
        let total = plan.people.count + plan.entries.count
        let (summary, _) = try transaction(rollback: dryRun) { () -> ImportSummary in
            var s = ImportSummary()
            var done = 0
            // Into an empty journal, duplicates can only come from the file itself: a set of
            // what this import added answers that without a query per row.
            let startsEmpty = try journalEntryCount() == 0
            var added = Set<EntryKey>()
            let bulk = plan.entries.count >= JournalBulkIndex.threshold ? try write(JournalBulkIndex.begin) : nil
            for item in plan.people {
                do {
                    if try person(
                        .name(
                            item.person.name.precomposedStringWithCanonicalMapping.trimmingCharacters(
                                in: .whitespacesAndNewlines))) != nil
                    {
                        s.peopleSkipped += 1
                    } else {
                        _ = try addPerson(item.person)
                        s.peopleAdded += 1
                    }
                } catch { throw importError(file, line: item.line, error) }
                done += 1
                if done % 500 == 0 { progress(done, total) }
            }
            try write { db in
                let rows = try JournalRowWriter(db)
                for item in plan.entries {
                    do {
                        let entry = try validatedEntry(item.entry)
                        let duplicate: Bool
                        if startsEmpty {
                            duplicate = !added.insert(EntryKey(at: entry.at, mood: entry.mood, text: entry.text))
                                .inserted
                        } else {
                            duplicate = try rows.contains(at: entry.at, mood: entry.mood, text: entry.text)
                        }
                        if duplicate {
                            s.entriesSkipped += 1
                        } else {
                            let people = try entry.people.map { try Self.requirePerson($0, db: db, field: "people").id }
                            var stored = JournalEntry(
                                id: 0, at: entry.at, mood: entry.mood, text: entry.text, tags: entry.tags,
                                metrics: entry.metrics, people: people.isEmpty ? [] : Array(Set(people)).sorted())
                            stored.id = try rows.insert(stored)
                            committed(.journalAdded(stored))
                            s.entriesAdded += 1
                        }
                    } catch { throw importError(file, line: item.line, error) }
                    done += 1
                    if done % 500 == 0 { progress(done, total) }
                }
            }
            if let bulk { try write { try bulk.finish($0, added: s.entriesAdded) } }
            progress(total, total)
            return s
        }
        return summary
    }
}

/// What makes two journal entries the same for an import: time, mood and text.
private struct EntryKey: Hashable {
    let at: String
    let mood: Int?
    let text: String
}
