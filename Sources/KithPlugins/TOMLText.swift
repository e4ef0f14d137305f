import KithCore
import TOMLKit

/// TOML text parsed only after a check the bundled parser needs: toml++ 3 (inside TOMLKit)
/// assumes, without checking, that a table header's name starts with a key character, and
/// aborts (or, built for release, runs on undefined) on `[[[`, `[=]` or `[.a]`. Such a line is
/// refused here with its number, before the parser sees it; so is a `}` where a list expects
/// a value (`a = [}]`), which trips another such assumption.
public enum TOMLText {
    public static func table(_ text: String, file: String, advice: String = "; fix or remove it") throws -> TOMLTable {
        // By Unicode scalars: as Characters, "\r\n" is one and would hide every line break.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if let problem = headerProblem(line, last: number == lines.count - 1) {
                throw KithError(.invalidInput, "\(file):\(number + 1): \(problem)\(advice)")
            }
        }
        if let line = braceInList(text) {
            throw KithError(.invalidInput, "\(file):\(line): a '}' inside a list, where a value belongs\(advice)")
        }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw KithError(.invalidInput, "\(file):\(error.source.begin.line): \(error.description)\(advice)")
        }
    }

    /// Why a line that opens with `[` cannot be a table header the parser may be given.
    static func headerProblem(_ line: Substring.UnicodeScalarView, last: Bool) -> String? {
        let blank: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" }
        var rest = line.drop(while: blank)
        guard rest.first == "[" else { return nil }
        rest = rest.dropFirst()
        let spaced = rest.first.map(blank) ?? false
        rest = rest.drop(while: blank)
        if rest.first == "[" {
            if spaced { return nil }  // "[ [": the parser says so itself
            rest = rest.dropFirst().drop(while: blank)
        }
        // The text's very end is caught by the parser; a line's end (or a '\r') is not.
        guard let first = rest.first else { return last ? nil : Self.problem }
        let keyStart = first.isASCII && (first.properties.isAlphabetic || ("0"..."9").contains(first))
        return keyStart || "_-\"']".unicodeScalars.contains(first) ? nil : Self.problem
    }

    static let problem = "a table name must start with a letter, a digit, '_', '-' or a quote"

    /// The line of the first `}` whose innermost open bracket is a list's `[`, reading past
    /// strings (basic, literal, multi-line) and comments; nil when there is none.
    static func braceInList(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var open: [Unicode.Scalar] = []
        var line = 1, i = 0
        func starts(_ token: String) -> Bool {
            let t = Array(token.unicodeScalars)
            return i + t.count <= scalars.count && Array(scalars[i..<(i + t.count)]) == t
        }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" {
                line += 1
            } else if c == "#" {
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                continue
            } else if starts("\"\"\"") || starts("'''") {
                let quote = String(c) + String(c) + String(c)
                i += 3
                while i < scalars.count, !starts(quote) {
                    if scalars[i] == "\n" { line += 1 }
                    if c == "\"" && scalars[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 3
                continue
            } else if c == "\"" || c == "'" {
                i += 1
                while i < scalars.count, scalars[i] != c, scalars[i] != "\n" {
                    if c == "\"" && scalars[i] == "\\" { i += 1 }
                    i += 1
                }
            } else if c == "[" || c == "{" {
                open.append(c)
            } else if c == "]" || c == "}" {
                if c == "}" && open.last == "[" { return line }
                _ = open.popLast()
            }
            i += 1
        }
        return nil
    }
}
