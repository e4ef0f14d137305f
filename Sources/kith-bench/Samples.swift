import Foundation

/// Repeated measurements of one thing: printed as the median with the spread (lowest to
/// highest) and how many runs, so a figure carries how much it moved.
struct Samples {
    private(set) var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ value: Double) { values.append(value) }

    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
    var lowest: Double { values.min() ?? .nan }
    var highest: Double { values.max() ?? .nan }

    /// "61.2 s (60.1-63.0, 3 runs)", the values multiplied by `scale` first.
    func text(_ unit: String, scale: Double = 1, digits: Int = 1) -> String {
        let f = { (v: Double) in String(format: "%.\(digits)f", v * scale) }
        return "\(f(median)) \(unit) (\(f(lowest))-\(f(highest)), \(values.count) runs)"
    }

    /// The ratio of the medians, with the spread of the pairwise ratios (run i against run i).
    func ratio(to floor: Samples) -> String {
        let pairs = zip(values, floor.values).map { $0 / $1 }
        let r = median / floor.median
        return String(format: "%.2fx (pairs %.2f-%.2fx)", r, pairs.min() ?? .nan, pairs.max() ?? .nan)
    }

    /// Times `body` (seconds).
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
