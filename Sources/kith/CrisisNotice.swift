import Foundation
import KithCore

/// A risk answer always leads to help: whichever command records one (`kith assess`, a script,
/// an import), the person is shown who to reach and a crisis line before the command ends.
enum CrisisNotice {
    /// The store a risk answer was recorded in during this command, until the section is shown.
    nonisolated(unsafe) static var pending: KithStore?

    /// Watches `store` for risk answers.
    static func watch(_ store: KithStore) {
        store.observe { change in
            switch change {
            case .assessmentRecorded(let result) where result.risk != nil: pending = store
            // An import brings results in whole: look for open risk answers among them.
            case .imported: if (try? store.hasOpenRiskAnswers()) == true { pending = store }
            default: break
            }
        }
    }

    /// The section as text: the instrument's words, then who to reach.
    static func text(_ support: CrisisSupport, risk: String?) -> String {
        var lines = [""]
        if let risk { lines.append(risk) }
        lines.append("Who to reach now:")
        lines += support.lines(wording: CommandHints.text).map { "  " + $0 }
        lines.append("A reminder to reach someone stays in 'kith remind' until you mark it done.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Shows the section on standard error if a command recorded a risk answer and did not show it.
    static func showIfPending() {
        guard let store = pending else { return }
        pending = nil
        guard let support = try? store.crisisSupport() else { return }
        Terminal.error("kith: an answer just recorded needs attention." + text(support, risk: nil))
    }
}
