import Foundation
import KithCore

/// `--stores 'clients/*.sqlite'`: the store files a pattern names, sorted.
enum StoreGlob {
    static func expand(_ pattern: String) throws -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = glob(pattern, 0, nil, &result)
        guard status == 0 else {
            if status == GLOB_NOMATCH {
                throw KithError(.notFound, "No store matches \(pattern). Quote the pattern ('clients/*.sqlite') so Kith expands it.")
            }
            throw KithError(.invalidInput, "Could not read the folders of \(pattern).")
        }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }.sorted()
    }

    /// `ana` for `clients/ana.sqlite`: what `{name}` stands for in output paths.
    static func name(of store: String) -> String {
        ((store as NSString).lastPathComponent as NSString).deletingPathExtension
    }
}
