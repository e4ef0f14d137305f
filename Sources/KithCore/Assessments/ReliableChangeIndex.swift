import Foundation

/// Jacobson & Truax (1991): a change is reliable, beyond what measurement error explains, when
/// RCI = (latest - baseline) / S_diff lies beyond ±1.96, where S_diff = SD · √(2 · (1 − r)).
/// SD and r are published figures the instrument's plugin names; the report shows them, since
/// a clinician reads the index differently for a general-population SD than a clinical one.
public struct ReliableChangeIndex: Sendable, Equatable {
    /// The reliability coefficient r (test-retest or Cronbach's alpha), between 0 and 1.
    public let reliability: Double
    /// The standard deviation of the total in the published sample.
    public let standardDeviation: Double

    /// The two-tailed 95% criterion Jacobson and Truax give.
    public static let criterion = 1.96

    /// Refuses what would divide by zero or make the index meaningless.
    public init(reliability: Double, standardDeviation: Double) throws {
        guard reliability > 0, reliability < 1 else {
            throw KithError.invalid("change.reliability", "must be a coefficient above 0 and below 1, like 0.84")
        }
        guard standardDeviation > 0, standardDeviation < 1e9 else {
            throw KithError.invalid("change.sd", "must be a positive standard deviation, like 3.5")
        }
        self.reliability = reliability
        self.standardDeviation = standardDeviation
    }

    /// The standard error of the difference between two scores.
    public var standardErrorOfDifference: Double { standardDeviation * (2 * (1 - reliability)).squareRoot() }

    /// The index for a change of `delta` points.
    public func index(delta: Double) -> Double { delta / standardErrorOfDifference }

    /// The smallest change, in points, that the index counts as reliable.
    public var pointsNeeded: Double { Self.criterion * standardErrorOfDifference }
}
