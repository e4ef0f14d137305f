import Foundation
import KithCore

/// `kith plugins new NAME`: a working plugin to start from: plugin.toml, init.lua, a spec,
/// a README, and editor settings that know the `kith` API.
public enum PluginScaffold {
    /// Creates the plugin folder `parent/ID` (the id made from `name`); refuses to touch an
    /// existing folder. Returns the folder and the files written in it.
    @discardableResult
    public static func create(name: String, in parent: String) throws -> (folder: String, files: [String]) {
        let id = name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? String($0) : "-" }
            .joined()
        guard !id.isEmpty, id.unicodeScalars.allSatisfy({ $0.isASCII }) else {
            throw KithError.invalid("name", "must give an id of a-z, 0-9, '.', '_' and '-', got \"\(name)\"")
        }
        let folder = parent + "/" + id
        guard !FileManager.default.fileExists(atPath: folder) else {
            throw KithError(.conflict, "\(folder) already exists; choose another name or remove it first.")
        }
        let metric = id.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_") + "_done"
        let files: [(String, String)] = [
            (
                "plugin.toml",
                """
                id = "\(id)"
                name = "\(name)"
                version = "0.1.0"
                kith_api = 1
                description = "What this plugin adds to Kith."
                author = ""
                permissions = ["journal.read", "journal.write"]

                # What a person may change, checked by Kith (docs/lua-api.md, section 2).
                [settings.tag]
                type = "text"
                default = "\(id)"
                description = "The tag added to entries that record the metric"

                """
            ),
            (
                "init.lua",
                """
                -- \(name): a Kith plugin. See docs/plugins.md in the Kith repository.
                local M = {}

                kith.metrics.define{ id = "\(metric)", name = "Did the thing", kind = "boolean" }

                -- Tag entries that record the metric, so they are easy to find later.
                function M.on_journal_added(entry)
                  if entry.metrics.\(metric) == true then
                    local tags = entry.tags
                    tags[#tags + 1] = kith.settings.get("tag")
                    kith.journal.update(entry.id, { tags = tags })
                  end
                end

                kith.on("journal.added", M.on_journal_added)

                return M

                """
            ),
            (
                "spec/\(id)_spec.lua",
                """
                describe("\(id)", function()
                  it("defines its metric", function()
                    local found = false
                    for _, m in ipairs(kith.metrics.list()) do
                      if m.id == "\(metric)" then found = m.plugin == "\(id)" end
                    end
                    assert.is_true(found)
                  end)

                  it("tags entries that record the metric", function()
                    local entry = kith.journal.add{ mood = 4, metrics = { \(metric) = true } }
                    assert.same({ "\(id)" }, kith.journal.get(entry.id).tags)
                  end)

                  it("leaves other entries alone", function()
                    local entry = kith.journal.add{ mood = 3 }
                    assert.same({}, kith.journal.get(entry.id).tags)
                  end)
                end)

                """
            ),
            (
                "README.md",
                """
                # \(name)

                A Kith plugin. It defines the journal metric `\(metric)` and tags entries that
                record it with `\(id)`.

                - Try it: `kith journal add --metric \(metric)=true --plugins ..` (or copy this
                  folder into `~/.local/share/kith/plugins/`).
                - Test it: `kith plugins test .`
                - Permissions: `journal.read`, `journal.write` (see plugin.toml).

                """
            ),
            (
                ".luarc.json",
                """
                {
                  "runtime.version": "Lua 5.4",
                  "workspace.library": ["types"],
                  "diagnostics.globals": ["kith", "describe", "it", "before_each", "after_each", "pending"]
                }

                """
            ),
            (
                ".luacheckrc",
                """
                -- luacheck (Debian: lua-check), as Kith checks its own plugins: run 'luacheck .' here.
                std = "lua54"
                read_globals = { "kith" }
                max_line_length = 120
                exclude_files = { "types/" }   -- the API's stubs, for the editor only
                files["spec/"] = { read_globals = { "describe", "it", "before_each", "after_each", "pending", "assert" } }

                """
            ),
            ("types/kith.lua", stubs()),
        ]
        for (relative, text) in files {
            let path = folder + "/" + relative
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return (folder, files.map(\.0))
    }

    /// The `---@meta` stubs of the `kith` API shipped with Kith.
    public static func stubs() -> String {
        guard let url = Bundle.module.url(forResource: "kith", withExtension: "lua"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            return "---@meta kith\n-- The Kith API stubs were not found in this installation.\nkith = {}\n"
        }
        return text
    }
}
