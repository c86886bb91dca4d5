import Testing
import Histogram
import RingLogBench
import RingLogReport

@Suite("Latency percentile-distribution chart")
struct PercentileChartTests {
    /// 10,000 samples of 1 µs, 99 of 100 µs and one of 10 ms: p50 1 µs, p99.9 100 µs, max 10 ms.
    func skewed() -> LatencyDistribution {
        var h = WindowStats.histogram()
        _ = h.record(1_000, count: 9_900)
        _ = h.record(100_000, count: 99)
        _ = h.record(10_000_000)
        return LatencyDistribution(h)
    }

    @Test("the distribution rises with the percentile and ends at the maximum, drawn at six nines")
    func distributionIsMonotoneAndEndsAtTheMaximum() {
        let d = skewed()
        #expect(d.points.count > 10)
        #expect(zip(d.points, d.points.dropFirst()).allSatisfy { $0.percentile < $1.percentile && $0.microseconds <= $1.microseconds })
        #expect(d.points.last?.percentile == LatencyDistribution.maximumPercentile)
        #expect(abs(d.points.last!.microseconds - 10_000) < 10_000 * 0.001) // 3 significant digits
        #expect(abs(d.points.first!.microseconds - 1) < 0.01)
        #expect(d.points.contains { $0.percentile >= 99.5 && $0.percentile < 99.9999 && abs($0.microseconds - 100) < 0.1 })
    }

    @Test("an empty histogram has no points, and its chart still renders")
    func emptyHistogramHasNoPoints() {
        let d = LatencyDistribution(WindowStats.histogram())
        #expect(d.points.isEmpty)
        #expect(SVGChart.percentileDistribution(title: "none", series: [("log", d)]).hasSuffix("</svg>\n"))
    }

    @Test("the x axis is 1/(1-p) on a log scale: 0%, 90%, 99%, 99.9% and 99.99% are evenly spaced")
    func ninesAreEvenlySpaced() throws {
        let svg = SVGChart.percentileDistribution(title: "t", series: [("log", skewed())])
        var xs: [Double] = []
        for label in ["0%", "90%", "99%", "99.9%", "99.99%"] {
            // Each tick label is `<text x='X' ...>label</text>`.
            let end = try #require(svg.range(of: ">\(label)</text>"))
            let start = try #require(svg[..<end.lowerBound].range(of: "<text x='", options: .backwards))
            let x = svg[start.upperBound...].prefix { $0 != "'" }
            xs.append(try #require(Double(x)))
        }
        let steps = zip(xs, xs.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - steps[0]) < 0.001 && $0 > 0 }, "\(xs)")
    }
}
