import Foundation
import KithCore
import KithPlugins
import KithSession

/// The clinic profile part of installing a bundle: what it would set, said before asking, and
/// applying it once the person agreed.
struct ProfileConsent {
    /// The profile to apply; nil when the bundle has none or it is the one applied already.
    let profile: ClinicProfile?
    /// What to show before asking.
    let lines: [String]

    init(_ text: String?, settings: KithConfig) throws {
        guard let text else {
            (profile, lines) = (nil, [])
            return
        }
        let offered = try ClinicProfile.parse(text, file: PluginInstaller.profileName)
        if let applied = settings.profile, applied.text == text {
            (profile, lines) = (nil, ["", "Clinic profile of \(offered.clinic.name): applied already, unchanged."])
            return
        }
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
    func apply(settings: KithConfig, signedBy: String?, environment: [String: String]) throws {
        guard let profile else { return }
        var options = KithSession.Options()
        options.environment = environment
        options.scratchIfMissing = true
        let today = try KithSession.clock(options).localToday
        let path = ClinicProfile.layerPath(settingsFile: settings.file)
        try profile.apply(to: path, on: today, signedBy: signedBy)
        print("Applied the clinic profile of \(profile.clinic.name) (\(path)).")
        // What the plugins now on the path define: a schedule for an instrument none defines
        // shows no reminder, so the person is told rather than left waiting.
        let session = try KithSession.open(options)
        let catalog = session.store.catalog
        for schedule in profile.clinic.schedules
        where !catalog.assessments.contains(where: { $0.id == schedule.instrument }) {
            print("Note: no plugin defines the instrument '\(schedule.instrument)'; its reminders start once one does.")
        }
        for id in profile.clinic.types.keys.sorted() where catalog.supportType(id) == nil {
            print("Note: no plugin defines the support type '\(id)'; its usual circle applies once one does.")
        }
    }
}
