import Foundation
import Testing
import KithCore

@Suite("People: adding, finding, listing, changing and archiving")
struct PeopleTests {
    /// Ana (family, inner), Marco (friend, inner, emotional only), Dr. Okafor (professional)
    /// and Dee (peer, outer, archived).
    private func network() throws -> KithStore {
        let store = try Fixture.store()
        var ana = NewPerson(name: "Ana", type: "family")
        ana.circle = .inner
        _ = try store.addPerson(ana)
        var marco = NewPerson(name: "Marco", type: "friend")
        marco.circle = .inner
        marco.provides = [.emotional]
        _ = try store.addPerson(marco)
        _ = try store.addPerson(NewPerson(name: "Dr. Okafor", type: "professional"))
        var dee = NewPerson(name: "Dee", type: "peer")
        dee.circle = .outer
        _ = try store.addPerson(dee)
        try store.archivePerson(.name("Dee"))
        return store
    }

    private func names(_ people: [Person]) -> [String] { people.map(\.name) }

    @Test("a new person takes the middle circle and their support type's cadence and dimensions")
    func defaults() throws {
        let store = try Fixture.store()
        let ana = try store.addPerson(NewPerson(name: "Ana", type: "family"))
        let family = try #require(store.catalog.supportType("family"))
        #expect(ana.id > 0)
        #expect(ana.circle == .middle)
        #expect(ana.kind == .person)
        #expect(ana.cadenceDays == family.defaultCadenceDays)
        #expect(ana.cadenceDays == 7)
        #expect(ana.provides == family.dimensions.sorted())
        #expect(ana.provides == [.emotional, .practical])
        #expect(ana.crisis == false)
        #expect(ana.archived == false)
        #expect(ana.createdAt == Fixture.nowText)
        #expect(ana.lastInteractionAt == nil)
        #expect(try store.person(.id(ana.id)) == ana)

        let doctor = try store.addPerson(NewPerson(name: "Dr. Okafor", type: "professional"))
        #expect(doctor.cadenceDays == nil)
        #expect(doctor.provides == [.informational, .practical])
    }

    @Test("given fields override the defaults, and .some(nil) means no cadence")
    func explicitFields() throws {
        let store = try Fixture.store()
        var new = NewPerson(name: "  Harbor Peer Group ", type: "peer")
        new.kind = .group
        new.circle = .outer
        new.provides = [.practical, .emotional]
        new.cadenceDays = .some(nil)
        new.phone = " +1 555 0100 "
        new.email = "group@example.org"
        new.notes = "   "
        new.crisis = true
        let group = try store.addPerson(new)
        #expect(group.name == "Harbor Peer Group")
        #expect(group.kind == .group)
        #expect(group.circle == .outer)
        #expect(group.provides == [.emotional, .practical])
        #expect(group.cadenceDays == nil)
        #expect(group.phone == "+1 555 0100")
        #expect(group.email == "group@example.org")
        #expect(group.notes == nil)
        #expect(group.crisis)
        #expect(try store.requirePerson(.name("Harbor Peer Group")) == group)
    }

    @Test("an unknown support type is refused, naming the field 'type', and nothing is written")
    func unknownType() throws {
        let store = try Fixture.store()
        let error = #expect(throws: KithError.self) { _ = try store.addPerson(NewPerson(name: "Zed", type: "sponsor")) }
        #expect(error?.field == "type")
        #expect(error?.description.contains("'type'") == true)
        #expect(error?.description.contains("\"sponsor\"") == true)
        #expect(try store.people(PeopleFilter(archived: nil)).isEmpty)
    }

    struct InvalidField: Sendable, CustomTestStringConvertible {
        let field: String
        let cadence: Int
        let email: String
        var testDescription: String { "\(field): cadence \(cadence), email \(email)" }
    }

    @Test(
        "invalid cadence and email are refused naming their field",
        arguments: [
            InvalidField(field: "cadence_days", cadence: 0, email: "ana@example.org"),
            InvalidField(field: "cadence_days", cadence: 3651, email: "ana@example.org"),
            InvalidField(field: "email", cadence: 7, email: "not an address"),
        ])
    func invalidFields(_ bad: InvalidField) throws {
        let store = try Fixture.store()
        var new = NewPerson(name: "Ana", type: "family")
        new.cadenceDays = .some(bad.cadence)
        new.email = bad.email
        let error = #expect(throws: KithError.self) { _ = try store.addPerson(new) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.field == bad.field)
        #expect(try store.people(PeopleFilter(archived: nil)).isEmpty)
    }

    @Test("a name already in the network is refused as a conflict, also when typed differently")
    func duplicateNames() throws {
        let store = try Fixture.store()
        _ = try store.addPerson(NewPerson(name: "Jos\u{E9}", type: "friend"))
        for name in ["Jos\u{E9}", " Jos\u{E9} ", "Jose\u{301}"] {
            let error = #expect(throws: KithError.self) {
                _ = try store.addPerson(NewPerson(name: name, type: "family"))
            }
            #expect(error?.kind == .conflict)
            #expect(error?.field == "name")
        }
        #expect(try store.people().count == 1)
        #expect(try store.people().first?.type == "friend")
    }

    @Test("names are stored in NFC, so either spelling of José finds him")
    func nfcNames() throws {
        let store = try Fixture.store()
        let added = try store.addPerson(NewPerson(name: "Jose\u{301}", type: "friend"))
        #expect(Array(added.name.unicodeScalars) == Array("Jos\u{E9}".unicodeScalars))
        let precomposed = try #require(try store.person(.name("Jos\u{E9}")))
        #expect(precomposed.id == added.id)
        #expect(Array(precomposed.name.unicodeScalars) == Array("Jos\u{E9}".unicodeScalars))
        #expect(try store.person(.name("Jose\u{301}"))?.id == added.id)
        #expect(try store.requirePerson(.name("Jos\u{E9}")).id == added.id)
    }

    @Test("looking up an unknown name explains how to find people, and suggests a near match")
    func unknownName() throws {
        let store = try Fixture.store()
        let missing = #expect(throws: KithError.self) { _ = try store.requirePerson(.name("Sam")) }
        #expect(missing?.kind == .notFound)
        #expect(missing?.description.contains("No one named \"Sam\"") == true)
        // What to do is data each front end words; the core names no CLI command.
        #expect(missing?.hint == .listPeople && missing?.description.contains("list your network") == true)
        #expect(missing?.description.contains("kith ") == false)
        #expect(try store.person(.name("Sam")) == nil)

        _ = try store.addPerson(NewPerson(name: "Sam", type: "friend"))
        let nearMiss = #expect(throws: KithError.self) { _ = try store.requirePerson(.name("sam")) }
        #expect(nearMiss?.description.contains("Did you mean \"Sam\"?") == true)
        let byId = #expect(throws: KithError.self) { _ = try store.requirePerson(.id(999)) }
        #expect(byId?.kind == .notFound)
        #expect(byId?.description.contains("#999") == true)
    }

    @Test("people can be listed by type, circle, dimension and archived state, sorted by name")
    func filters() throws {
        let store = try network()
        #expect(try names(store.people()) == ["Ana", "Dr. Okafor", "Marco"])
        #expect(try names(store.people(PeopleFilter(type: "family"))) == ["Ana"])
        #expect(try names(store.people(PeopleFilter(type: "peer"))) == [])
        #expect(try names(store.people(PeopleFilter(circle: .inner))) == ["Ana", "Marco"])
        #expect(try names(store.people(PeopleFilter(circle: .outer))) == [])
        #expect(try names(store.people(PeopleFilter(provides: .practical))) == ["Ana", "Dr. Okafor"])
        #expect(try names(store.people(PeopleFilter(provides: .informational))) == ["Dr. Okafor"])
        #expect(
            try names(store.people(PeopleFilter(provides: .informational, archived: nil))) == ["Dee", "Dr. Okafor"])
        #expect(try names(store.people(PeopleFilter(archived: true))) == ["Dee"])
        #expect(try names(store.people(PeopleFilter(archived: nil))) == ["Ana", "Dee", "Dr. Okafor", "Marco"])
        #expect(
            try names(store.people(PeopleFilter(type: "friend", circle: .inner, provides: .emotional))) == ["Marco"])
    }

    @Test("archiving hides someone from the default list but keeps them findable")
    func archive() throws {
        let store = try network()
        let archived = try store.archivePerson(.name("Ana"))
        #expect(archived.archived)
        #expect(try !names(store.people()).contains("Ana"))
        #expect(try names(store.people(PeopleFilter(archived: true))) == ["Ana", "Dee"])
        #expect(try store.person(.name("Ana"))?.archived == true)
    }

    @Test("an update changes only the fields given, and .some(nil) clears a field")
    func partialUpdate() throws {
        let store = try Fixture.store()
        var new = NewPerson(name: "Ana", type: "family")
        new.phone = "+1 555 0100"
        new.email = "ana@example.org"
        new.notes = "Sister"
        let before = try store.addPerson(new)

        var changes = PersonChanges()
        changes.circle = .outer
        changes.phone = .some(nil)
        let after = try store.updatePerson(.name("Ana"), changes)
        #expect(after.circle == .outer)
        #expect(after.phone == nil)
        #expect(after.id == before.id)
        #expect(after.email == before.email)
        #expect(after.notes == before.notes)
        #expect(after.cadenceDays == before.cadenceDays)
        #expect(after.provides == before.provides)
        #expect(after.createdAt == before.createdAt)
        #expect(try store.person(.id(before.id)) == after)

        var more = PersonChanges()
        more.cadenceDays = .some(nil)
        more.provides = [.practical]
        more.name = "Ana B."
        let renamed = try store.updatePerson(.id(before.id), more)
        #expect(renamed.cadenceDays == nil)
        #expect(renamed.provides == [.practical])
        #expect(renamed.circle == .outer)
        #expect(try store.person(.name("Ana")) == nil)
        #expect(try store.person(.name("Ana B."))?.id == before.id)
    }

    @Test("a refused update changes nothing")
    func refusedUpdate() throws {
        let store = try network()
        let before = try store.requirePerson(.name("Marco"))
        var taken = PersonChanges()
        taken.name = "Ana"
        taken.circle = .outer
        let conflict = #expect(throws: KithError.self) { _ = try store.updatePerson(.name("Marco"), taken) }
        #expect(conflict?.kind == .conflict)
        var badEmail = PersonChanges()
        badEmail.email = .some("marco at home")
        badEmail.circle = .outer
        let invalid = #expect(throws: KithError.self) { _ = try store.updatePerson(.name("Marco"), badEmail) }
        #expect(invalid?.field == "email")
        var unknownType = PersonChanges()
        unknownType.type = "sponsor"
        #expect(throws: KithError.self) { _ = try store.updatePerson(.name("Marco"), unknownType) }
        #expect(try store.requirePerson(.name("Marco")) == before)
    }

    @Test("the last interaction is the newest one logged, and survives later edits")
    func lastInteraction() throws {
        let store = try network()
        var call = NewInteraction(person: .name("Ana"), channel: .call)
        call.at = "2026-03-01T10:00:00+01:00"
        call.received = [.emotional, .emotional]
        call.helpfulness = 4
        let logged = try store.logInteraction(call)
        #expect(logged.at == "2026-03-01T09:00:00Z")
        #expect(logged.received == [.emotional])
        #expect(
            try store.interactions().first { $0.id == logged.id } == logged, "what is read back is what was returned")
        #expect(try store.person(.name("Ana"))?.lastInteractionAt == "2026-03-01T09:00:00Z")

        var older = NewInteraction(person: .name("Ana"), channel: .text)
        older.at = "2026-02-20"
        _ = try store.logInteraction(older)
        #expect(try store.person(.name("Ana"))?.lastInteractionAt == "2026-03-01T09:00:00Z")
        _ = try store.logInteraction(NewInteraction(person: .name("Ana"), channel: .inPerson))  // now

        var changes = PersonChanges()
        changes.circle = .middle
        _ = try store.updatePerson(.name("Ana"), changes)
        let ana = try store.requirePerson(.name("Ana"))
        #expect(ana.lastInteractionAt == Fixture.nowText)
        #expect(try store.people().first { $0.name == "Ana" }?.lastInteractionAt == Fixture.nowText)
        #expect(try store.people().first { $0.name == "Marco" }?.lastInteractionAt == nil)
        #expect(
            try store.interactions(InteractionFilter(person: .id(ana.id))).map(\.at)
                == [Fixture.nowText, "2026-03-01T09:00:00Z", "2026-02-20T00:00:00Z"])
    }

    @Test("an interaction with an unknown person or an out-of-range helpfulness is refused")
    func badInteractions() throws {
        let store = try network()
        let unknown = #expect(throws: KithError.self) {
            _ = try store.logInteraction(NewInteraction(person: .name("Sam"), channel: .call))
        }
        #expect(unknown?.description.contains("No one named \"Sam\"") == true)
        var tooHelpful = NewInteraction(person: .name("Ana"), channel: .call)
        tooHelpful.helpfulness = 6
        let range = #expect(throws: KithError.self) { _ = try store.logInteraction(tooHelpful) }
        #expect(range?.field == "helpfulness")
        #expect(try store.interactions().isEmpty)
    }
}
