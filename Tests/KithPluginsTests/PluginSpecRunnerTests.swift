import Foundation
import Testing
@testable import KithPlugins

@Suite("plugin specs and scaffolding")
struct PluginSpecRunnerTests {
    @Test("a new plugin from the scaffold passes its own specs")
    func scaffoldPasses() throws {
        let f = try PluginFixture()
        let (folder, files) = try PluginScaffold.create(name: "Med Check", in: f.root.path)
        #expect(folder.hasSuffix("/med-check"))
        #expect(
            Set(files).isSuperset(of: [
                "plugin.toml", "init.lua", "README.md", ".luarc.json", ".luacheckrc", "types/kith.lua",
            ]))
        let stubs = try String(contentsOfFile: folder + "/types/kith.lua", encoding: .utf8)
        #expect(stubs.hasPrefix("---@meta kith"))
        let outcomes = try PluginSpecRunner(directory: folder).run()
        #expect(outcomes.count == 3)
        #expect(outcomes.allSatisfy { $0.status == .passed }, "\(outcomes)")
    }

    @Test("failing, erroring and pending specs are reported with file and line")
    func failures() throws {
        let f = try PluginFixture()
        try f.plugin("p", "kith.metrics.define{ id = 'm', name = 'M', kind = 'integer' }")
        let spec = f.root.appendingPathComponent("plugins/p/spec")
        try FileManager.default.createDirectory(at: spec, withIntermediateDirectories: true)
        try """
        describe("p", function()
          local n
          before_each(function() n = 1 end)
          it("passes", function() assert.equals(1, n) end)
          it("fails an equality", function()
            assert.equals(2, n)
          end)
          it("raises", function() error("kaboom") end)
          pending("later")
          describe("nested", function()
            before_each(function() n = n + 1 end)
            it("sees both before_each", function() assert.same({ a = { 2 } }, { a = { n } }) end)
          end)
        end)
        """.write(to: spec.appendingPathComponent("p_spec.lua"), atomically: true, encoding: .utf8)
        let outcomes = try PluginSpecRunner(directory: f.pluginsFolder + "/p").run()
        let byName = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.name, $0.status) })
        #expect(byName["p passes"] == .passed)
        #expect(byName["p fails an equality"] == .failed("spec/p_spec.lua:6: expected 2, got 1"))
        #expect(byName["p raises"] == .failed("spec/p_spec.lua:8: kaboom"))
        #expect(byName["p later"] == .pending)
        #expect(byName["p nested sees both before_each"] == .passed)
    }

    @Test("every store starts fresh for each spec file")
    func freshStore() throws {
        let f = try PluginFixture()
        try f.plugin("p", "")
        let spec = f.root.appendingPathComponent("plugins/p/spec")
        try FileManager.default.createDirectory(at: spec, withIntermediateDirectories: true)
        for name in ["a_spec.lua", "b_spec.lua"] {
            try """
            it("starts empty", function()
              assert.equals(0, #kith.people.list())
              kith.people.add{ name = "Ana", type = "family" }
              assert.equals("2026-03-02T09:00:00Z", kith.now())
            end)
            """.write(to: spec.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let outcomes = try PluginSpecRunner(directory: f.pluginsFolder + "/p").run()
        #expect(outcomes.map(\.status) == [.passed, .passed], "\(outcomes)")
    }
}
