import Foundation

/// The safety plan as text a person edits (`kith plan edit`): numbered steps, items as
/// `- text`, and `@Name` at the start of an item to link someone in the network.
public enum SafetyPlanText {
    /// The plan as an editable text; an empty step 5 starts with the crisis line, if one is set.
    public static func render(_ plan: SafetyPlan, crisisLine: CrisisLine? = nil) -> String {
        var lines = [
            "# Safety plan. Under each step, one item per line starting with '- '.",
            "# Start an item with @Name to link someone in your network (their current phone shows in the plan),",
            "# for example: - @Ana: call after 6 pm. Lines starting with # are ignored.", "",
        ]
        for (n, section) in SafetyPlan.Section.allCases.enumerated() {
            lines.append("## \(n + 1). \(section.title)")
            if section == .professionals, plan.items[section, default: []].isEmpty, let line = crisisLine {
                lines.append("- \(line.name): \(line.phone)")
            }
            for item in plan.items[section] ?? [] {
                if let p = item.person {
                    lines.append("- @\(p.name)" + (item.text.isEmpty ? "" : ": \(item.text)"))
                } else {
                    lines.append("- \(item.text)")
                }
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Reads an edited text back, naming the line of anything it cannot place.
    public static func parse(_ text: String, people: [String]) throws -> [(
        SafetyPlan.Section, String, PersonReference?
    )] {
        var steps: [(SafetyPlan.Section, String, PersonReference?)] = []
        var section: SafetyPlan.Section?
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || (line.hasPrefix("#") && !line.hasPrefix("##")) { continue }
            if line.hasPrefix("##") {
                let digits = line.dropFirst(2).trimmingCharacters(in: .whitespaces).prefix { $0.isNumber }
                guard let k = Int(digits), (1...SafetyPlan.Section.allCases.count).contains(k) else {
                    throw KithError(
                        .invalidInput,
                        "line \(n + 1): a step heading must start with its number 1 to 7, like '## 4. People I can ask for help'"
                    )
                }
                section = SafetyPlan.Section.allCases[k - 1]
                continue
            }
            guard line.hasPrefix("-") else {
                throw KithError(.invalidInput, "line \(n + 1): items start with '- '; got \"\(line)\"")
            }
            guard let current = section else {
                throw KithError(.invalidInput, "line \(n + 1): an item before any '## N.' step heading")
            }
            var item = line.dropFirst().trimmingCharacters(in: .whitespaces)
            var person: PersonReference?
            if item.hasPrefix("@") {
                let rest = item.dropFirst()
                // The longest name in the network that the item starts with.
                guard let name = people.filter({ rest.hasPrefix($0) }).max(by: { $0.count < $1.count }) else {
                    let word = rest.prefix { $0 != ":" }
                    throw KithError(
                        .invalidInput,
                        "line \(n + 1): no one named \"\(word)\" is in your network; add them to it first, or drop the @"
                    )
                }
                person = .name(name)
                item = rest.dropFirst(name.count).trimmingCharacters(
                    in: CharacterSet(charactersIn: ": ").union(.whitespaces))
            }
            steps.append((current, item, person))
        }
        return steps
    }
}
