import Foundation

/// vCard 2.1, 3.0 and 4.0 (RFC 6350) contacts into people: FN (or N), TEL, EMAIL, NOTE,
/// CATEGORIES and RELATED mapped to support types where they can be, KIND:group, folded
/// lines, quoted-printable, several cards per file. On a card that describes the user
/// (Apple's "My Card"), X-ABRELATEDNAMES with their labels become people too.
public struct VCardImporter {
    /// The support type for a contact nothing maps (`--type`).
    public var defaultType: String

    /// An importer whose unmapped contacts get `defaultType`.
    public init(defaultType: String = "friend") {
        self.defaultType = defaultType
    }

    struct Property {
        var group: String?
        var name: String
        var params: [String: [String]]
        var value: String
        var line: Int
    }

    /// Parses the file into a plan.
    public func plan(_ text: String, file: String) throws -> ImportPlan {
        var plan = ImportPlan()
        var card: [Property]? = nil
        var cardLine = 0
        for (line, raw) in Self.unfold(text) {
            let upper = raw.uppercased()
            if upper == "BEGIN:VCARD" { card = []; cardLine = line; continue }
            if upper == "END:VCARD" {
                guard let properties = card else {
                    throw KithError(
                        .invalidInput, "\(file):\(line): END:VCARD without BEGIN:VCARD; nothing was imported")
                }
                plan.people += try people(from: properties, line: cardLine, file: file)
                card = nil
                continue
            }
            guard card != nil else { continue }
            guard let property = Self.property(raw, line: line) else {
                throw KithError(
                    .invalidInput,
                    "\(file):\(line): not a vCard property line (NAME:value expected); nothing was imported")
            }
            card!.append(property)
        }
        if card != nil {
            throw KithError(
                .invalidInput, "\(file):\(cardLine): the card is never closed with END:VCARD; nothing was imported")
        }
        return plan
    }

    private func people(from properties: [Property], line: Int, file: String) throws -> [ImportPlan.PersonItem] {
        func first(_ name: String) -> Property? {
            let matching = properties.filter { $0.name == name }
            // Of several language versions, prefer the one without a language, then the first.
            return matching.first { $0.params["LANGUAGE"] == nil } ?? matching.first
        }
        var name = first("FN").map { Self.unescape($0.value) }?.trimmingCharacters(in: .whitespaces) ?? ""
        if name.isEmpty, let n = first("N") {
            let parts = Self.split(n.value, by: ";").map(Self.unescape)
            name = [
                parts.count > 3 ? parts[3] : "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "",
                parts.first ?? "",
                parts.count > 4 ? parts[4] : "",
            ].filter { !$0.isEmpty }.joined(separator: " ")
        }
        guard !name.isEmpty else {
            throw KithError(.invalidInput, "\(file):\(line): a card has no name (FN or N); nothing was imported")
        }
        var person = NewPerson(name: name, type: defaultType)
        if first("KIND")?.value.lowercased() == "group" { person.kind = .group }
        if first("KIND")?.value.lowercased() == "org" { person.kind = .service }
        let phones = properties.filter { $0.name == "TEL" }
        let phone =
            phones.first {
                ($0.params["PREF"] ?? []).contains("1")
                    || ($0.params["TYPE"] ?? []).contains { $0.lowercased() == "pref" }
            } ?? phones.first
        person.phone = phone.map { p in p.value.lowercased().hasPrefix("tel:") ? String(p.value.dropFirst(4)) : p.value
        }
        let emails = properties.filter { $0.name == "EMAIL" }
        person.email = (emails.first { ($0.params["PREF"] ?? []).contains("1") } ?? emails.first)?.value
        person.notes = first("NOTE").map { Self.unescape($0.value) }
        let categories = properties.filter { $0.name == "CATEGORIES" }.flatMap {
            Self.split($0.value, by: ",").map(Self.unescape)
        }
        let relations = properties.filter { $0.name == "RELATED" }.flatMap { $0.params["TYPE"] ?? [] }
        if let type = (categories + relations).lazy.compactMap(Self.supportType).first {
            person.type = type
        }
        var result = [ImportPlan.PersonItem(person: person, line: line)]
        // Apple's own card lists the user's relatives and friends: item1.X-ABRELATEDNAMES:Jane + item1.X-ABLabel:_$!<Mother>!$_
        for related in properties where related.name == "X-ABRELATEDNAMES" {
            let relatedName = Self.unescape(related.value).trimmingCharacters(in: .whitespaces)
            guard !relatedName.isEmpty else { continue }
            let label =
                properties.first { $0.group != nil && $0.group == related.group && $0.name == "X-ABLABEL" }?.value ?? ""
            let cleaned = label.replacingOccurrences(of: "_$!<", with: "").replacingOccurrences(of: ">!$_", with: "")
            var relative = NewPerson(name: relatedName, type: Self.supportType(cleaned) ?? defaultType)
            relative.notes = cleaned.isEmpty ? nil : "\(cleaned) of \(name), from their contact card"
            result.append(.init(person: relative, line: related.line))
        }
        return result
    }

    /// A support type for a category or relation word, if one fits.
    static func supportType(_ word: String) -> String? {
        let w = word.lowercased().trimmingCharacters(in: .whitespaces)
        let family = [
            "family", "spouse", "partner", "parent", "mother", "father", "child", "son", "daughter", "sibling",
            "brother",
            "sister", "kin", "grandparent", "grandmother", "grandfather", "aunt", "uncle", "cousin", "husband", "wife",
        ]
        if family.contains(w) { return "family" }
        if ["friend", "friends", "acquaintance", "met", "sweetheart", "date", "crush"].contains(w) { return "friend" }
        if ["sponsor", "peer", "support group", "aa", "na", "recovery", "sponsee"].contains(w) { return "peer" }
        if [
            "doctor", "therapist", "counsellor", "counselor", "medical", "health", "psychiatrist", "nurse", "assistant",
            "caseworker",
        ].contains(w) {
            return "professional"
        }
        if [
            "work", "business", "colleague", "co-worker", "coworker", "school", "church", "faith", "neighbor",
            "neighbour", "community",
        ].contains(w) {
            return "community"
        }
        if ["online", "internet", "forum"].contains(w) { return "online" }
        return nil
    }

    /// Lines joined where folded (a line starting with a space or tab continues the last
    /// one; a quoted-printable value ending in `=` continues on the next), with line numbers.
    static func unfold(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var qpContinues = false
        for (n, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        {
            let line = String(raw)
            if let last = result.last, line.hasPrefix(" ") || line.hasPrefix("\t") {
                result[result.count - 1].1 = last.1 + line.dropFirst()
            } else if let last = result.last, qpContinues {
                result[result.count - 1].1 = String(last.1.dropLast()) + line
            } else if !line.isEmpty {
                result.append((n + 1, line))
            }
            let joined = result.last?.1 ?? ""
            qpContinues = joined.uppercased().contains("QUOTED-PRINTABLE") && joined.hasSuffix("=")
        }
        return result
    }

    /// `item1.TEL;TYPE=cell,voice;PREF=1:+1 555` -> group, name, params, value (decoded).
    static func property(_ line: String, line number: Int) -> Property? {
        var inQuotes = false
        guard
            let colon = line.firstIndex(where: { c in
                if c == "\"" { inQuotes.toggle() }
                return c == ":" && !inQuotes
            })
        else { return nil }
        let head = String(line[..<colon])
        var value = String(line[line.index(after: colon)...])
        var segments = split(head, by: ";", keepingQuotes: true)
        guard !segments.isEmpty else { return nil }
        var name = segments.removeFirst().uppercased()
        var group: String? = nil
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        guard !name.isEmpty else { return nil }
        var params: [String: [String]] = [:]
        for segment in segments {
            if let eq = segment.firstIndex(of: "=") {
                let key = segment[..<eq].uppercased()
                let values = segment[segment.index(after: eq)...].split(separator: ",").map {
                    $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
                params[key, default: []] += values
            } else {
                // vCard 2.1 bare parameters: TEL;CELL;PREF:...
                let bare = segment.uppercased()
                if bare == "QUOTED-PRINTABLE" || bare == "BASE64" {
                    params["ENCODING", default: []].append(bare)
                } else {
                    params["TYPE", default: []].append(segment.lowercased())
                }
            }
        }
        if (params["ENCODING"] ?? []).contains(where: { $0.uppercased() == "QUOTED-PRINTABLE" }) {
            value = quotedPrintable(value, charset: params["CHARSET"]?.first)
        }
        return Property(group: group, name: name, params: params, value: value, line: number)
    }

    static func quotedPrintable(_ text: String, charset: String?) -> String {
        var bytes: [UInt8] = []
        var chars = Array(text.utf8)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == UInt8(ascii: "="), chars.count >= 2,
                let byte = UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                chars = chars.dropFirst(2)
            } else if c != UInt8(ascii: "=") {
                bytes.append(c)
            }
        }
        if let charset, charset.lowercased().contains("8859") || charset.lowercased().contains("latin") {
            return String(bytes: bytes, encoding: .isoLatin1) ?? String(decoding: bytes, as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// TEXT unescaping: `\n`, `\,`, `\;`, `\\`.
    static func unescape(_ text: String) -> String {
        var out = ""
        var escaped = false
        for ch in text {
            if escaped {
                out.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// Splits on a separator that is not escaped (and, if asked, not inside quotes).
    static func split(_ text: String, by separator: Character, keepingQuotes: Bool = false) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false, quoted = false
        for ch in text {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && !keepingQuotes { current.append(ch); escaped = true; continue }
            if ch == "\"" && keepingQuotes { quoted.toggle() }
            if ch == separator && !quoted { parts.append(current); current = ""; continue }
            current.append(ch)
        }
        parts.append(current)
        return parts
    }
}
