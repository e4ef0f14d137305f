import Foundation

/// A progress bar on standard error, drawn only when it is a terminal (never into logs or
/// pipes), and only for jobs long enough to need one.
final class ProgressBar {
    private let label: String
    private let enabled = isatty(2) != 0
    private var drawn = false
    private let started = Date()

    init(label: String) {
        self.label = label
    }

    /// Redraws for `done` of `total`.
    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0, drawn || Date().timeIntervalSince(started) > 0.3 else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        drawn = true
    }

    /// Clears the line.
    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
