import Foundation
import Testing

@testable import KithCore

/// One registry, one rule of ownership for every kind of definition: Kith's ids are its own,
/// the first plugin to define an id holds it, a second plugin contests it (and then neither
/// is used), and a plugin that goes takes its definitions with it.
@Suite("the catalog's one registry")
struct CatalogRegistryTests {
    /// A definition of each kind, as plugin `plugin` would define it with id `id`.
    static func entries(_ id: String, plugin: String) -> [(kind: String, define: (Catalog) throws -> Void)] {
        [
            (
                "support type",
                { try $0.define(SupportType(id: id, name: id, description: "", dimensions: [], plugin: plugin)) }
            ),
            ("metric", { try $0.define(MetricDefinition(id: id, name: id, kind: .integer, plugin: plugin)) }),
            (
                "report",
                {
                    try $0.define(
                        ReportDefinition(id: id, title: id, description: "", plugin: plugin, reads: []) { _, _ in
                            ReportDocument(title: id)
                        })
                }
            ),
            (
                "reminder rule",
                { try $0.define(ReminderRule(source: "\(plugin)/\(id)", title: id, reads: []) { _ in [] }) }
            ),
        ]
    }

    @Test(
        "for every kind: a second plugin contests an id, a built-in id is refused, and removal forgets a plugin's own")
    func ownership() throws {
        for (n, first) in Self.entries("shared", plugin: "alpha").enumerated() {
            let catalog = Catalog()
            try first.define(catalog)
            let second = Self.entries("shared", plugin: "beta")[n]
            if first.kind == "reminder rule" {
                // A rule's id carries its plugin's: two plugins never collide.
                try second.define(catalog)
                #expect(catalog.reminderRules.count == 2)
                catalog.removeDefinitions(of: "alpha")
                #expect(catalog.reminderRules.map(\.source) == ["beta/shared"])
                continue
            }
            let conflict = #expect(throws: DefinitionConflict.self, "\(first.kind)") { try second.define(catalog) }
            #expect(conflict?.kind == first.kind && conflict?.owner == "alpha" && conflict?.claimant == "beta")
            catalog.contest(try #require(conflict))
            // Contested: neither plugin holds it now, and alpha may not define it again.
            #expect(throws: DefinitionConflict.self) { try first.define(catalog) }
        }
        let catalog = Catalog()
        let builtIn = #expect(throws: KithError.self) {
            try catalog.define(
                SupportType(id: "family", name: "Mine", description: "", dimensions: [], plugin: "alpha"))
        }
        #expect(builtIn?.description.contains("(built in)") == true)
        #expect(throws: KithError.self) {
            try catalog.define(
                ImporterDefinition(id: "daylio", description: "", plugin: "alpha", maxFileBytes: 1) { _, _ in [:] })
        }
    }
}
