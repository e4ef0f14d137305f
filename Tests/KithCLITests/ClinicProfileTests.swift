import Foundation
import Testing

/// A clinic's bundle with two plugins and a profile, as a person meets it through the binary:
/// signed, shown and agreed to, applied under the person's own settings, its instrument due on
/// schedule and done when answered, its clinic shown with crisis support, and taken back whole.
@Suite("clinic profiles: applied with consent, instruments on a schedule, reversible")
struct ClinicProfileTests {
    let distribution = PluginDistributionTests()

    /// A two-item check-in the clinic ships, and a support type of its own.
    func clinicBundle(_ sandbox: KithSandbox, profile: String) throws -> String {
        let bundle = sandbox.path("bundle")
        try distribution.plugin(
            bundle, "riverside-checkin", permissions: [],
            """
            kith.assessments.define{ id = "wellbeing", title = "Riverside wellbeing", version = "1",
              choices = { { value = 0, label = "No" }, { value = 1, label = "Yes" } },
              items = { { id = "1", text = "Sleeping well?" }, { id = "2", text = "Eating well?" } },
              score = function(a) return { total = a["1"] + a["2"] } end }
            """)
        try distribution.plugin(
            bundle, "riverside-types", permissions: [],
            "kith.support_types.define{ id = \"keyworker\", name = \"Keyworker\" }")
        try profile.write(toFile: bundle + "/profile.toml", atomically: true, encoding: .utf8)
        return bundle
    }

    static let profile = """
        country = "GB"
        week_starts = "sunday"

        [clinic]
        name = "Riverside Recovery"
        phone = "0161 555 0100"
        note = "weekdays 9 to 5"

        [support_types.keyworker]
        circle = "inner"
        cadence_days = 7

        [instruments.wellbeing]
        every = "14 days"

        """

    func dueInstruments(_ sandbox: KithSandbox, at now: String = KithSandbox.fixedNow) throws -> [String] {
        let result = try sandbox.kith(["remind", "--json", "--now", now])
        #expect(result.status == 0, "\(result.summary)")
        return try jsonObjects(result).filter { $0["source"] as? String == "kith.instruments" }
            .compactMap { $0["key"] as? String }
    }

    func setting(_ sandbox: KithSandbox, _ name: String) throws -> (value: String, source: String)? {
        let settings = try jsonObject(try sandbox.succeed(["config", "--json"]))["settings"] as? [[String: Any]] ?? []
        return settings.first { $0["name"] as? String == name }.map {
            ($0["value"] as? String ?? "", $0["source"] as? String ?? "")
        }
    }

    var layer: (KithSandbox) -> String { { $0.path(".config/kith/clinic-profile.toml") } }

    @Test("a signed bundle with two plugins and a profile: every point of it through the binary")
    func wholeProfile() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let key = sandbox.path("riverside.key")
        try sandbox.succeed(["plugins", "keygen", key, "--name", "Riverside Recovery"])
        let bundle = try clinicBundle(sandbox, profile: Self.profile)
        try sandbox.succeed(["plugins", "sign", bundle, "--key", key])
        let file = sandbox.path("riverside.kithbundle")
        try sandbox.succeed(["plugins", "pack", bundle, "-o", file])

        // A changed byte in the profile is refused like any file, naming it.
        let tampered = try distribution.copy(sandbox, bundle, "tampered")
        try Self.profile.replacingOccurrences(of: "0161 555 0100", with: "0900 123 456")
            .write(toFile: tampered + "/profile.toml", atomically: true, encoding: .utf8)
        let refused = try sandbox.kith(["plugins", "install", tampered, "--yes"])
        #expect(refused.status != 0 && refused.stderr.contains("profile.toml changed after the bundle was signed"))
        #expect(!FileManager.default.fileExists(atPath: layer(sandbox)))

        // Shown and asked first: without a terminal or --yes, nothing is installed or applied.
        let asked = try sandbox.kith(["plugins", "install", file])
        #expect(asked.status != 0 && asked.stderr.contains("run again with --yes"), "\(asked.summary)")
        for says in [
            "Clinic profile of Riverside Recovery.",
            "- shows Riverside Recovery's number with crisis support: 0161 555 0100 (weekdays 9 to 5)",
            "- the crisis line Kith shows: Samaritans 116 123 (country GB)",
            "- weeks start on sunday",
            "- people you add as 'keyworker' go in your inner circle and get a reminder to stay in touch after 7 days",
            "- asks for 'wellbeing' every 14 days: a reminder when it is due, done when you answer it",
        ] {
            #expect(asked.stdout.contains(says), "\(says) in \(asked.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: layer(sandbox)), "nothing applied before consent")
        #expect(try dueInstruments(sandbox).isEmpty)

        // Agreed: the plugins installed, the profile applied under the person's settings.
        try sandbox.succeed(["plugins", "trust", sandbox.path("riverside.pub")])
        let done = try sandbox.succeed(["plugins", "install", file, "--yes"]).stdout
        #expect(done.contains("Installed riverside-checkin, riverside-types"), "\(done)")
        #expect(done.contains("Applied the clinic profile of Riverside Recovery"), "\(done)")
        let mode = try FileManager.default.attributesOfItem(atPath: layer(sandbox))[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o077 } == 0, "the applied profile is the person's alone")
        #expect(try setting(sandbox, "crisis line")?.source.contains("clinic profile (Riverside Recovery)") == true)
        #expect(try setting(sandbox, "week starts")?.value == "sunday")
        #expect(try setting(sandbox, "clinic profile")?.value.contains("signed by Riverside Recovery, key ") == true)
        #expect(try setting(sandbox, "instrument wellbeing")?.value == "every 14 days")

        // The clinic's number with crisis support; its support type's usual circle and cadence.
        let plan = try sandbox.succeed(["plan"]).stdout
        #expect(plan.contains("- Your clinic, Riverside Recovery: 0161 555 0100 (weekdays 9 to 5)"), "\(plan)")
        #expect(plan.contains("- Samaritans: 116 123"), "\(plan)")
        let kim = try jsonObject(try sandbox.succeed(["people", "add", "Kim", "--type", "keyworker", "--json"]))
        #expect(kim["circle"] as? String == "inner" && kim["cadence_days"] as? Int == 7, "\(kim)")
        let lee = try jsonObject(
            try sandbox.succeed(["people", "add", "Lee", "--type", "keyworker", "--circle", "outer", "--json"]))
        #expect(lee["circle"] as? String == "outer", "what the person says wins: \(lee)")

        // The instrument is due from the day the profile was applied, done when answered,
        // due again fourteen days after the answer; a skipped round gives way to the next.
        #expect(try dueInstruments(sandbox) == ["wellbeing-2026-03-04"])
        #expect(try sandbox.succeed(["remind"]).stdout.contains("answer it with 'kith assess wellbeing'"))
        try sandbox.succeed(["assess", "wellbeing", "--answers", "1,1"])
        #expect(try dueInstruments(sandbox).isEmpty, "answering it is what makes it done")
        #expect(try dueInstruments(sandbox, at: "2026-03-17T12:00:00Z").isEmpty)
        #expect(try dueInstruments(sandbox, at: "2026-03-18T12:00:00Z") == ["wellbeing-2026-03-18"])
        try sandbox.succeed(["remind", "done", "kith.instruments", "wellbeing-2026-03-18", "--now", "2026-03-18"])
        #expect(try dueInstruments(sandbox, at: "2026-03-20T12:00:00Z").isEmpty, "skipped this round")
        #expect(try dueInstruments(sandbox, at: "2026-04-01T12:00:00Z") == ["wellbeing-2026-04-01"])

        // The person's own settings file wins over the profile.
        try "country = \"US\"\n".write(
            toFile: sandbox.path(".config/kith/config.toml"), atomically: true, encoding: .utf8)
        #expect(try sandbox.succeed(["plan"]).stdout.contains("988"))
        #expect(try setting(sandbox, "crisis line")?.source.contains("settings file") == true)

        // The same profile again: nothing asked for it; a changed one is shown and asked again.
        let again = try sandbox.succeed(["plugins", "update", file]).stdout
        #expect(again.contains("Clinic profile of Riverside Recovery: applied already, unchanged."), "\(again)")
        try Self.profile.replacingOccurrences(of: "14 days", with: "month")
            .write(toFile: bundle + "/profile.toml", atomically: true, encoding: .utf8)
        try sandbox.succeed(["plugins", "sign", bundle, "--key", key])
        let changed = try sandbox.kith(["plugins", "update", bundle])
        #expect(
            changed.status != 0 && changed.stdout.contains("- asks for 'wellbeing' every month"), "\(changed.summary)")
        #expect(changed.stdout.contains("(your own settings file sets this; yours stays)"), "\(changed.stdout)")
        #expect(try setting(sandbox, "instrument wellbeing")?.value == "every 14 days", "unchanged until agreed")

        // Taken back whole with the config command; answers stay.
        let removed = try sandbox.succeed(["config", "--remove-profile"]).stdout
        #expect(removed.contains("Removed the clinic profile of Riverside Recovery"), "\(removed)")
        #expect(!FileManager.default.fileExists(atPath: layer(sandbox)))
        #expect(try setting(sandbox, "week starts")?.value == "-")
        #expect(try setting(sandbox, "clinic profile") == nil)
        #expect(try dueInstruments(sandbox, at: "2026-04-01T12:00:00Z").isEmpty)
        #expect(!(try sandbox.succeed(["plan"]).stdout.contains("Your clinic")))
        let results = try jsonObjects(try sandbox.succeed(["assess", "results", "wellbeing", "--json"]))
        #expect(results.count == 1, "the answer stays: \(results)")
        let nothing = try sandbox.kith(["config", "--remove-profile"])
        #expect(nothing.status != 0 && nothing.stderr.contains("No clinic profile is applied"), "\(nothing.summary)")
    }

    @Test("a profile with a wrong value or a key it may not set is refused with the key named; nothing applied")
    func wrongProfiles() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        for (profile, says) in [
            (
                Self.profile + "[instruments.phq9]\nevery = \"fortnight\"\n",
                "'instruments.phq9.every' must be a number of days"
            ),
            (
                Self.profile.replacingOccurrences(of: "\"inner\"", with: "\"closest\""),
                "'support_types.keyworker.circle'"
            ),
            ("store = \"/tmp/elsewhere.sqlite\"\n" + Self.profile, "unknown profile setting 'store'"),
            ("require_signatures = false\n" + Self.profile, "unknown profile setting 'require_signatures'"),
            (
                Self.profile.replacingOccurrences(of: "name = \"Riverside Recovery\"\n", with: ""),
                "'clinic' must be a table"
            ),
            (Self.profile + "[instruments.wellbeing2]\nevery = \"400 days\"\n", "up to a year"),
            // What could redraw the consent screen or show one number while dialling another.
            (
                Self.profile.replacingOccurrences(
                    of: "name = \"Riverside Recovery\"", with: "name = \"Riverside\\u001B[3ASigned by someone\""),
                "'clinic' must be a table"
            ),
            (
                Self.profile.replacingOccurrences(of: "\"0161 555 0100\"", with: "\"\\u202E0010 555 1610\""),
                "'clinic' must be a table"
            ),
            (Self.profile.replacingOccurrences(of: "\"0161 555 0100\"", with: "\"ask at reception\""), "'clinic'"),
            (
                Self.profile + "[instruments.\"phq9\\u001B[2K\"]\nevery = \"month\"\n",
                "'instruments' names an instrument"
            ),
            (Self.profile.replacingOccurrences(of: "phone = \"0161 555 0100\"\n", with: ""), "'clinic.note'"),
            (Self.profile.replacingOccurrences(of: "note = ", with: "email = "), "unknown key of [clinic] 'email'"),
        ] {
            let bundle = try clinicBundle(sandbox, profile: profile)
            defer { try? FileManager.default.removeItem(atPath: bundle) }
            let result = try sandbox.kith(["plugins", "install", bundle, "--yes"])
            #expect(result.status != 0 && result.stderr.contains(says), "\(says): \(result.summary)")
            #expect(result.stderr.contains("profile.toml"), "the file is named: \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: layer(sandbox)))
            #expect(distribution.installed(sandbox).isEmpty, "nothing installed")
        }
    }

    @Test("a byte-order mark is dropped; an unreadable applied profile is set aside, said, and removable")
    func damagedLayer() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let bundle = try clinicBundle(sandbox, profile: "\u{FEFF}" + Self.profile)
        try sandbox.succeed(["plugins", "install", bundle, "--yes"])
        #expect(try setting(sandbox, "clinic profile")?.value.hasPrefix("Riverside Recovery") == true)
        #expect(try sandbox.succeed(["plan"]).stdout.contains("Your clinic, Riverside Recovery"))
        try "applied_on = 7\n[[[".write(toFile: layer(sandbox), atomically: true, encoding: .utf8)
        let plan = try sandbox.succeed(["plan"])
        #expect(plan.stdout.contains("Who to reach now"), "the safety plan still opens: \(plan.summary)")
        #expect(plan.stderr.contains("The clinic profile is not used until it is removed"), "\(plan.stderr)")
        #expect(try setting(sandbox, "clinic profile")?.value.hasPrefix("not used: ") == true)
        try sandbox.succeed(["config", "--remove-profile"])
        #expect(!FileManager.default.fileExists(atPath: layer(sandbox)))
        #expect(try sandbox.succeed(["plan"]).stderr.isEmpty)
    }

    @Test("instrument reminders reach only code that may read assessments")
    func scheduleBehindTheGate() throws {
        let sandbox = try KithSandbox()
        defer { sandbox.remove() }
        let bundle = try clinicBundle(sandbox, profile: Self.profile)
        try distribution.plugin(
            bundle, "riverside-due", permissions: ["people.read", "schedule.read"],
            """
            kith.reports.define{ id = "due-sources", title = "Due", reads = { "people.read", "schedule.read" },
              build = function()
                local sources = {}
                for _, r in ipairs(kith.reminders.due()) do sources[#sources + 1] = r.source end
                sources[#sources + 1] = "listed"
                return { title = "Due", blocks = { { kind = "list", items = sources } } }
              end }
            """)
        try sandbox.succeed(["plugins", "install", bundle, "--yes"])
        #expect(try dueInstruments(sandbox) == ["wellbeing-2026-03-04"], "the person sees it")
        let report = try sandbox.succeed(["report", "due-sources"]).stdout
        #expect(report.contains("listed"), "\(report)")
        #expect(!report.contains("kith.instruments"), "a plugin without assessments.read does not: \(report)")
    }
}
