import Histogram

/// A latency histogram's percentile distribution, as HdrHistogram prints it: the value at
/// each percentile step (finer towards the tail), the maximum last. What
/// `SVGChart.percentileDistribution` plots.
public struct LatencyDistribution: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        /// 0 ..< 100; the maximum is at `LatencyDistribution.maximumPercentile`.
        public var percentile: Double
        public var microseconds: Double

        public init(percentile: Double, microseconds: Double) {
            self.percentile = percentile
            self.microseconds = microseconds
        }
    }

    /// Where the maximum is drawn: 1/(1-p) is infinite at p = 100, so the plot ends at
    /// p = 99.9999 (six nines).
    public static let maximumPercentile = 99.9999

    public var points: [Point]

    /// The distribution of `histogram` (values in ns), `ticksPerHalfDistance` steps per halving
    /// of the distance to 100 %.
    public init(_ histogram: Histogram<UInt64>, ticksPerHalfDistance: Int = 5) {
        var points: [Point] = []
        guard histogram.totalCount > 0 else { self.points = []; return }
        for v in histogram.percentiles(ticksPerHalfDistance: ticksPerHalfDistance) where v.percentileLevelIteratedTo < Self.maximumPercentile {
            let point = Point(percentile: v.percentileLevelIteratedTo, microseconds: Double(v.value) / 1000)
            if points.last?.percentile != point.percentile { points.append(point) }
        }
        points.append(Point(percentile: Self.maximumPercentile, microseconds: Double(histogram.max) / 1000))
        self.points = points
    }
}
