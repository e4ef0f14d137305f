import Foundation

/// What Kith shows wherever a person may be at risk (a risk answer, the safety plan): who to
/// reach now, with their numbers, and a crisis line. Nothing here diagnoses.
public struct CrisisSupport: Equatable, Sendable {
    /// Someone to reach: a crisis contact in the network, or a person the plan names.
    public struct Contact: Equatable, Sendable {
        public var id: Int64
        public var name: String
        public var phone: String?
        /// Archived people are still shown (a plan may name them), marked.
        public var archived: Bool
        /// Why they are listed: "crisis contact", or the plan step that names them.
        public var reason: String
    }

    /// Crisis contacts first, then people the plan's steps 4 and 5 name.
    public var contacts: [Contact]
    /// The crisis line set for this store, or the bundled one for its country; nil if none.
    public var line: CrisisLine?
    /// The clinic of a profile the person applied, when it gives a phone number.
    public var clinic: ClinicSettings?

    /// A section.
    public init(contacts: [Contact], line: CrisisLine?, clinic: ClinicSettings? = nil) {
        self.contacts = contacts
        self.line = line
        self.clinic = clinic?.phone == nil ? nil : clinic
    }

    /// The section as lines of text, the same in every front end that shows text; `wording`
    /// says what to do next in the front end's own words (a command, a button).
    public func lines(wording: (KithHint) -> String = \.neutral) -> [String] {
        var out: [String] = []
        if contacts.isEmpty {
            out.append(
                "No one in your network is marked as a crisis contact. "
                    + KithHint.sentence(wording(.markCrisisContact)))
        }
        for c in contacts {
            var line = "- \(c.name)" + (c.phone.map { ": \($0)" } ?? "") + " (\(c.reason)"
            if c.archived { line += ", archived" }
            line += ")"
            if c.phone == nil { line += ". No phone number is saved for them: " + wording(.addPhone(person: c.name)) }
            out.append(line)
        }
        // The line that answers at any hour first; the clinic (often office hours) after it.
        out.append(lineText(wording: wording))
        if let clinic = clinic?.contactLine { out.append(clinic) }
        return out
    }

    /// The crisis line, or how to set one when none is known.
    public func lineText(wording: (KithHint) -> String = \.neutral) -> String {
        guard let line else {
            return "No crisis line is set. If you are in danger now, call your local emergency number. "
                + KithHint.sentence(wording(.setCrisisLine))
        }
        return "- \(line.name): \(line.phone)" + (line.note.map { " (\($0))" } ?? "")
    }
}

extension KithStore {
    static let settingsOwner = "kith.settings"

    /// The crisis line: the one set for this store, else a clinic plugin's default, else none.
    public func crisisLine() throws -> CrisisLine? {
        guard let json = try pluginValue(owner: Self.settingsOwner, key: "crisis_line") else {
            return catalog.defaultCrisisLine
        }
        return (try? JSONDecoder().decode(CrisisLine.self, from: Data(json.utf8))) ?? catalog.defaultCrisisLine
    }

    /// Sets the crisis line to the bundled one of `country` (ISO 3166-1 alpha-2).
    public func setCrisisLine(country: String) throws {
        let code = country.uppercased()
        guard let line = CrisisLine.bundled[code] else {
            let known = CrisisLine.bundled.keys.sorted().joined(separator: ", ")
            throw KithError.invalid(
                "country",
                "has no bundled crisis line for \(quoted(country)); known: \(known). Set one with a name and a number instead"
            )
        }
        try setCrisisLine(line)
    }

    /// Sets the crisis line to `line` (a name and a number of the person's or clinic's choice).
    public func setCrisisLine(_ line: CrisisLine) throws {
        let name = try TextInput.clean(line.name, field: "name", trim: true)
        let phone = try TextInput.clean(line.phone, field: "phone", trim: true)
        guard !name.isEmpty else { throw KithError.invalid("name", "must not be empty") }
        guard !CrisisLine.dial(phone).isEmpty else {
            throw KithError.invalid("phone", "must contain a number to call, got \(quoted(phone))")
        }
        var clean = line
        clean.name = name
        clean.phone = phone
        try setPluginValue(owner: Self.settingsOwner, key: "crisis_line", json: Self.json(clean))
    }

    /// Who to reach now and the crisis line.
    public func crisisSupport() throws -> CrisisSupport {
        var contacts: [CrisisSupport.Contact] = []
        var seen = Set<Int64>()
        for p in try people(PeopleFilter(archived: nil)) where p.crisis {
            seen.insert(p.id)
            contacts.append(
                .init(id: p.id, name: p.name, phone: p.phone, archived: p.archived, reason: "crisis contact"))
        }
        let plan = try safetyPlan()
        for section in [SafetyPlan.Section.help, .professionals] {
            for item in plan.items[section] ?? [] {
                guard let p = item.person, seen.insert(p.id).inserted else { continue }
                contacts.append(
                    .init(
                        id: p.id, name: p.name, phone: p.phone, archived: p.archived,
                        reason: section == .help
                            ? "in your safety plan: people I can ask for help"
                            : "in your safety plan: professionals and services"))
            }
        }
        return CrisisSupport(contacts: contacts, line: try crisisLine(), clinic: catalog.clinic)
    }
}
