import RingLogBench
import Foundation

/// Minimal SVG charts for the comparison report (no plotting dependency to install).
public enum SVGChart {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        /// Optional (low, high) whiskers per point (min/max of repeats).
        public var ranges: [(Double, Double)]?
        public init(name: String, points: [(x: Double, y: Double)], ranges: [(Double, Double)]? = nil) {
            self.name = name
            self.points = points
            self.ranges = ranges
        }
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    /// A line chart; `logX` plots x on a log2 axis (batch sizes, fan-out factors).
    public static func lines(title: String, xLabel: String, yLabel: String, series: [Series], logX: Bool = false) -> String {
        let (w, h, left, right, top, bottom) = (width, height, marginLeft, marginRight, marginTop, marginBottom)
        let xs = series.flatMap { $0.points.map(\.x) }
        let ys = series.flatMap { s in s.points.map(\.y) + (s.ranges?.map(\.1) ?? []) }
        func fx(_ x: Double) -> Double { logX ? log2(max(x, 1e-9)) : x }
        let x0 = fx(xs.min() ?? 0), x1 = max(fx(xs.max() ?? 1), x0 + 1e-9)
        let y1 = niceCeiling(max(ys.max() ?? 1, 1e-9))
        func px(_ x: Double) -> Double { left + (fx(x) - x0) / (x1 - x0) * (w - left - right) }
        func py(_ y: Double) -> Double { top + (1 - y / y1) * (h - top - bottom) }
        var svg = header(w, h, title)
        // Axes and grid.
        svg += yGrid(y1, py)
        for x in Array(Set(xs)).sorted() {
            svg += "<text x='\(px(x))' y='\(h - bottom + 18)' text-anchor='middle' font-size='11'>\(format(x))</text>"
        }
        svg += "<line x1='\(left)' y1='\(h - bottom)' x2='\(w - right)' y2='\(h - bottom)' stroke='#333'/>"
        svg += "<line x1='\(left)' y1='\(top)' x2='\(left)' y2='\(h - bottom)' stroke='#333'/>"
        svg += "<text x='\((left + w - right) / 2)' y='\(h - 15)' text-anchor='middle' font-size='12'>\(escape(xLabel))</text>"
        svg += yAxisLabel(yLabel)
        for (i, s) in series.enumerated() {
            let c = colors[i % colors.count]
            let path = s.points.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
            svg += "<polyline fill='none' stroke='\(c)' stroke-width='2' points='\(path)'/>"
            for (j, p) in s.points.enumerated() {
                svg += "<circle cx='\(px(p.x))' cy='\(py(p.y))' r='3' fill='\(c)'/>"
                if let r = s.ranges?[j] {
                    svg += "<line x1='\(px(p.x))' y1='\(py(r.0))' x2='\(px(p.x))' y2='\(py(r.1))' stroke='\(c)'/>"
                }
            }
            svg += legendEntry(i, s.name)
        }
        return svg + "</svg>\n"
    }

    /// Grouped bars: one group per category, one bar per series.
    public static func bars(title: String, yLabel: String, categories: [String], series: [(name: String, values: [Double])]) -> String {
        let (w, h, left, right, top, bottom) = (width, height, marginLeft, marginRight, marginTop, marginBottom)
        let y1 = niceCeiling(max(series.flatMap(\.values).max() ?? 1, 1e-9))
        func py(_ y: Double) -> Double { top + (1 - y / y1) * (h - top - bottom) }
        var svg = header(w, h, title)
        svg += yGrid(y1, py)
        let groupWidth = (w - left - right) / Double(max(categories.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        for (ci, cat) in categories.enumerated() {
            let gx = left + Double(ci) * groupWidth + groupWidth * 0.1
            for (si, s) in series.enumerated() where ci < s.values.count {
                let v = s.values[ci]
                svg += "<rect x='\(gx + Double(si) * barWidth)' y='\(py(v))' width='\(barWidth - 2)' height='\(max(0, py(0) - py(v)))' fill='\(colors[si % colors.count])'/>"
            }
            svg += "<text x='\(gx + groupWidth * 0.4)' y='\(h - bottom + 18)' text-anchor='middle' font-size='11'>\(escape(cat))</text>"
        }
        svg += "<line x1='\(left)' y1='\(h - bottom)' x2='\(w - right)' y2='\(h - bottom)' stroke='#333'/>"
        svg += yAxisLabel(yLabel)
        for (i, s) in series.enumerated() { svg += legendEntry(i, s.name) }
        return svg + "</svg>\n"
    }

    // One frame for every chart: size and plot margins (the legend sits in the right margin).
    static let width = 720.0, height = 420.0, marginLeft = 90.0, marginRight = 170.0, marginTop = 40.0, marginBottom = 60.0

    /// Five horizontal grid lines with their values; `py` maps a value to its y coordinate.
    static func yGrid(_ y1: Double, _ py: (Double) -> Double) -> String {
        (0...4).map { i in
            let v = y1 * Double(i) / 4
            return "<line x1='\(marginLeft)' y1='\(py(v))' x2='\(width - marginRight)' y2='\(py(v))' stroke='#ddd'/>"
                + "<text x='\(marginLeft - 8)' y='\(py(v) + 4)' text-anchor='end' font-size='11'>\(format(v))</text>"
        }.joined()
    }

    static func yAxisLabel(_ label: String) -> String {
        let mid = (marginTop + height - marginBottom) / 2
        return "<text x='18' y='\(mid)' text-anchor='middle' font-size='12' transform='rotate(-90 18 \(mid))'>\(escape(label))</text>"
    }

    static func legendEntry(_ i: Int, _ name: String) -> String {
        "<rect x='\(width - marginRight + 15)' y='\(marginTop + Double(i) * 20)' width='12' height='12' fill='\(colors[i % colors.count])'/>"
            + "<text x='\(width - marginRight + 32)' y='\(marginTop + Double(i) * 20 + 11)' font-size='12'>\(escape(name))</text>"
    }

    static func header(_ w: Double, _ h: Double, _ title: String) -> String {
        "<svg xmlns='http://www.w3.org/2000/svg' width='\(Int(w))' height='\(Int(h))' font-family='sans-serif'>"
            + "<rect width='100%' height='100%' fill='white'/>"
            + "<text x='\(w / 2)' y='22' text-anchor='middle' font-size='15'>\(escape(title))</text>"
    }

    static func niceCeiling(_ v: Double) -> Double {
        let e = pow(10, floor(log10(v)))
        for m in [1.0, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] where m * e >= v { return m * e }
        return 10 * e
    }

    /// 1.2M, 350k, 12, 0.5
    public static func format(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e9 { return String(format: "%.3gG", v / 1e9) }
        if a >= 1e6 { return String(format: "%.3gM", v / 1e6) }
        if a >= 1e3 { return String(format: "%.3gk", v / 1e3) }
        return String(format: "%.3g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
