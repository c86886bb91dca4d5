import Foundation

extension SVGChart {
    /// HdrHistogram's percentile-distribution plot: x is 1/(1-p) on a log axis, so p50, p90,
    /// p99, p99.9 and p99.99 are evenly spaced and the tail is as wide as the body; y is the
    /// latency on a log axis (decades), so a median of microseconds and a tail of milliseconds
    /// both stay readable. One line per series, the maximum at its last point.
    public static func percentileDistribution(title: String, series: [(name: String, distribution: LatencyDistribution)]) -> String {
        let (w, h, left, right, top, bottom) = (width, height, marginLeft, marginRight, marginTop, marginBottom)
        // x: log10(1/(1-p)), 0 at p = 0, 6 at p = 99.9999.
        func fx(_ percentile: Double) -> Double { log10(1 / max(1 - percentile / 100, 1e-6)) }
        let x1 = fx(LatencyDistribution.maximumPercentile)
        let values = series.flatMap { $0.distribution.points.map(\.microseconds) }.filter { $0 > 0 }
        let y0 = floor(log10(values.min() ?? 0.1)), y1 = max(ceil(log10(values.max() ?? 1)), y0 + 1)
        func px(_ percentile: Double) -> Double { left + fx(percentile) / x1 * (w - left - right) }
        func py(_ us: Double) -> Double { top + (1 - (log10(max(us, pow(10, y0))) - y0) / (y1 - y0)) * (h - top - bottom) }
        var svg = header(w, h, title)
        for d in Int(y0)...Int(y1) {
            let v = pow(10, Double(d))
            svg += "<line x1='\(left)' y1='\(py(v))' x2='\(w - right)' y2='\(py(v))' stroke='#ddd'/>"
                + "<text x='\(left - 8)' y='\(py(v) + 4)' text-anchor='end' font-size='11'>\(format(v))</text>"
        }
        for (label, p) in [("0%", 0.0), ("90%", 90), ("99%", 99), ("99.9%", 99.9), ("99.99%", 99.99), ("99.999%", 99.999), ("max", LatencyDistribution.maximumPercentile)] {
            svg += "<line x1='\(px(p))' y1='\(top)' x2='\(px(p))' y2='\(h - bottom)' stroke='#eee'/>"
                + "<text x='\(px(p))' y='\(h - bottom + 18)' text-anchor='middle' font-size='11'>\(label)</text>"
        }
        svg += "<line x1='\(left)' y1='\(h - bottom)' x2='\(w - right)' y2='\(h - bottom)' stroke='#333'/>"
        svg += "<line x1='\(left)' y1='\(top)' x2='\(left)' y2='\(h - bottom)' stroke='#333'/>"
        svg += "<text x='\((left + w - right) / 2)' y='\(h - 15)' text-anchor='middle' font-size='12'>percentile (log scale of 1/(1−p))</text>"
        svg += yAxisLabel("µs (log scale)")
        for (i, s) in series.enumerated() {
            let c = colors[i % colors.count]
            // A step line: the value holds until the next percentile step.
            var path: [String] = []
            for (j, point) in s.distribution.points.enumerated() {
                if j > 0 { path.append("\(px(point.percentile)),\(py(s.distribution.points[j - 1].microseconds))") }
                path.append("\(px(point.percentile)),\(py(point.microseconds))")
            }
            svg += "<polyline fill='none' stroke='\(c)' stroke-width='2' points='\(path.joined(separator: " "))'/>"
            svg += legendEntry(i, s.name)
        }
        return svg + "</svg>\n"
    }
}
