import Foundation
import KithCore
import KithPlugins
import KithSession

/// The clinic profile part of installing a bundle: what it would set, said and checked before
/// asking, and applying it once the person agreed.
struct ProfileConsent {
    /// The profile to apply; nil when the bundle has none or it is the one applied already.
    let profile: ClinicProfile?
    /// What to show before asking.
    let lines: [String]
    private let today: LocalDay
    private let signer: String?
    private let path: String

    init(_ text: String?, settings: KithConfig, verdict: BundleSignature.Verdict, environment: [String: String]) throws
    {
        var options = KithSession.Options()
        options.environment = environment
        today = try KithSession.clock(options).localToday
        path = ClinicProfile.layerPath(settingsFile: settings.file)
        if case .signed(let name, let fingerprint, _) = verdict {
            signer = "\(name), key \(fingerprint)"
        } else {
            signer = nil
        }
        guard let text else {
            profile = nil
            // An update without a profile leaves the applied one as it is: said, not silent.
            if let applied = settings.profile, let signer, applied.signedBy == signer {
                lines = [
                    "",
                    "The clinic profile of \(applied.clinic.name) stays as applied; 'kith config --remove-profile' takes it back.",
                ]
            } else {
                lines = []
            }
            return
        }
        let offered = try ClinicProfile.parse(text, file: PluginInstaller.profileName)
        if let applied = settings.profile, applied.text == offered.text {
            (profile, lines) = (nil, ["", "Clinic profile of \(offered.clinic.name): applied already, unchanged."])
            return
        }
        // Checked as it will be read, before anything is installed.
        try offered.checkApplied(on: today, signedBy: signer, path: path)
        var lines = ["", "Clinic profile of \(offered.clinic.name)."]
        if let applied = settings.profile {
            lines.append(
                "  Warning: it takes the place of the profile of \(applied.clinic.name), applied \(applied.appliedOn?.text ?? "earlier")."
            )
        }
        lines.append("  It would set, under your own settings file (what you set there wins):")
        lines += offered.summary(own: settings).map { "  " + $0 }
        lines.append(
            "  'kith config' shows each setting and where it comes from; 'kith config --remove-profile' takes them all back."
        )
        (profile, self.lines) = (offered, lines)
    }

    /// Writes the profile beside the settings file and says what it set; then names any
    /// instrument or support type no plugin defines, which waits until one does.
    func apply(settings: KithConfig, environment: [String: String]) throws {
        guard let profile else { return }
        try profile.apply(to: path, on: today, signedBy: signer)
        print("Applied the clinic profile of \(profile.clinic.name) (\(path)).")
        // What the plugins now on the path define, loaded into a scratch store (the person's
        // own store stays closed): a schedule for an instrument none defines shows no reminder.
        guard let store = try? KithStore.inMemory() else { return }
        var options = KithSession.Options()
        options.environment = environment
        let host = PluginHost(store: store)
        host.loadAll(
            path: KithSession.pluginPath(options, settings: settings),
            disabled: PluginSettings(environment: environment).disabled())
        for schedule in profile.clinic.schedules
        where !store.catalog.assessments.contains(where: { $0.id == schedule.instrument }) {
            print("Note: no plugin defines the instrument '\(schedule.instrument)'; its reminders start once one does.")
        }
        for id in profile.clinic.types.keys.sorted() where store.catalog.supportType(id) == nil {
            print("Note: no plugin defines the support type '\(id)'; its usual circle applies once one does.")
        }
    }
}
