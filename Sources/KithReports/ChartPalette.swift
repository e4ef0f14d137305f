import KithCore

/// Colours that people with the common colour-vision deficiencies can tell apart: the
/// Okabe-Ito palette without its black, which the dark "you" dot and the text already use.
enum ChartPalette {
    /// Orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, grey.
    static let okabeIto = ["#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#999999"]

    /// Series colours in the order a chart uses them: strong contrasts first, yellow (faint
    /// as a line on white) last.
    static let seriesColours = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#999999", "#f0e442"]

    /// The colour of a chart's `n`th series, and whether its line is dashed: past eight series
    /// the colours come round again, dashed.
    static func series(_ n: Int) -> (colour: String, dashed: Bool) {
        (seriesColours[n % seriesColours.count], (n / seriesColours.count) % 2 == 1)
    }

    /// How a support type's dots are drawn.
    struct Mark: Equatable {
        enum Shape: Equatable { case circle, square, diamond }
        let fill: String
        let shape: Shape

        /// The colour of a number written on the mark: the one with more contrast.
        var ink: String { fill == "#0072b2" || fill == "#d55e00" ? "#ffffff" : "#1d2a33" }
    }

    /// Kith's own types and the bundled plugins' types, one colour each: the same in every
    /// store, whatever other types it holds.
    static let known: [String: String] = [
        "family": "#e69f00", "friend": "#56b4e9", "peer": "#009e73", "online": "#f0e442",
        "professional": "#0072b2", "sponsor": "#d55e00", "community": "#cc79a7", "online-peer": "#999999",
    ]

    /// The mark of a support type. Other plugins' types take a colour and a square or diamond
    /// from a hash of their id (never from the types present, so a type keeps its mark in
    /// every store); the shape keeps them apart from the round known types.
    static func mark(forType type: String) -> Mark {
        if let fill = known[type] { return Mark(fill: fill, shape: .circle) }
        // FNV-1a: Swift's own hash is seeded per process, and would change the colour each run.
        var hash: UInt32 = 0x811c_9dc5
        for byte in type.utf8 { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return Mark(
            fill: okabeIto[Int(hash % UInt32(okabeIto.count))],
            shape: (hash / UInt32(okabeIto.count)) % 2 == 0 ? .square : .diamond)
    }
}
