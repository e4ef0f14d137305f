import Foundation
import ArgumentParser
import KithCore

/// `--stores 'clients/*.sqlite'`: the store files a pattern names, sorted.
enum StoreGlob {
    static func expand(_ pattern: String) throws -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = glob(pattern, 0, nil, &result)
        guard status == 0 else {
            if status == GLOB_NOMATCH {
                throw KithError(
                    .notFound, "No store matches \(pattern). Quote the pattern ('clients/*.sqlite') so Kith expands it."
                )
            }
            throw KithError(.invalidInput, "Could not read the folders of \(pattern).")
        }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// `ana` for `clients/ana.sqlite`: what `{name}` stands for in output paths.
    static func name(of store: String) -> String {
        ((store as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// An unquoted `--stores clients/*.sqlite` reaches Kith already expanded by the shell: the
    /// first store as the pattern, the others where the script or report should be. Said
    /// plainly, rather than running a store as a script.
    static func checkNotExpanded(_ pattern: String, others: [String]) throws {
        let globby = pattern.contains { "*?[".contains($0) }
        guard !globby, pattern.hasSuffix(".sqlite"), let stray = others.first(where: { $0.hasSuffix(".sqlite") }) else {
            return
        }
        throw ValidationError(
            "--stores got one store (\(pattern)) and \(stray) came after it: the shell expanded the pattern. "
                + "Quote it: --stores 'clients/*.sqlite'.")
    }

    /// The same check on the raw command line, for commands whose parser stops first at the
    /// extra store ("unexpected argument").
    static func expansionMessage(in arguments: [String]) -> String? {
        guard let at = arguments.firstIndex(of: "--stores"), at + 1 < arguments.count else { return nil }
        do { try checkNotExpanded(arguments[at + 1], others: Array(arguments[(at + 2)...])) } catch {
            return "\(error)"
        }
        return nil
    }
}
