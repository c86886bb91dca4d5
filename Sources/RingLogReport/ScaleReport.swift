import Foundation
import RingLogBench

/// What `ringlog scale` measured, and its rendering: a Markdown table per partition count,
/// an SVG line chart and a JSON summary.
public struct ScaleReport: Sendable {
    /// One point of the sweep: `rates` are the consumed msg/s of each repeat (empty: not run,
    /// the pairs needed more CPUs than the process had).
    public struct Point: Sendable {
        public var partitions: Int
        public var pairs: Int
        public var rates: [Double]
        /// The last repeat's per-thread counters (`ringlog scale --counters`).
        public var counters: CounterReport? = nil

        public init(partitions: Int, pairs: Int, rates: [Double]) {
            self.partitions = partitions
            self.pairs = pairs
            self.rates = rates.sorted()
        }

        /// The median rate (mean of the middle two for an even count); nil when not run.
        public var median: Double? {
            guard !rates.isEmpty else { return nil }
            let m = rates.count / 2
            return rates.count % 2 == 1 ? rates[m] : (rates[m - 1] + rates[m]) / 2
        }
    }

    public var machine: MachineDescription
    public var cpus: Int
    public var numaNodes: Int
    public var durationSeconds: Double
    public var repeats: Int
    public var points: [Point] = []

    public init(machine: MachineDescription, cpus: Int, numaNodes: Int, durationSeconds: Double, repeats: Int) {
        self.machine = machine
        self.cpus = cpus
        self.numaNodes = numaNodes
        self.durationSeconds = durationSeconds
        self.repeats = repeats
    }

    /// rate(n) / (n × rate(1)) at the point's partition count; nil when either was not run.
    public func efficiency(of point: Point) -> Double? {
        guard let rate = point.median,
              let base = points.first(where: { $0.partitions == point.partitions && $0.pairs == 1 })?.median, base > 0 else { return nil }
        return rate / (Double(point.pairs) * base)
    }

    /// README.md of the result folder.
    public var markdown: String {
        var lines = ["# ringlog scale", "",
                     "Machine: \(machine.cpuModel), \(cpus) CPUs usable by the process, \(numaNodes) NUMA node(s).",
                     "Each pair is one producer and one consumer on a topic of its own, pinned compactly (consumers first), batch 64, 100 B, block retention.",
                     "Median of \(repeats) runs of \(durationSeconds) s per point; efficiency = rate(n) / (n × rate(1)).", ""]
        for p in Array(Set(points.map(\.partitions))).sorted() {
            let counted = points.contains { $0.counters != nil }
            lines += ["## \(p) partition(s) per topic", "",
                      "| pairs | msg/s (median, min–max) | efficiency |" + (counted ? " producer / consumer CPU ns per message | instructions per message | IPC |" : ""),
                      "|---|---|---|" + (counted ? "---|---|---|" : "")]
            for point in points where point.partitions == p {
                guard let median = point.median else {
                    lines.append("| \(point.pairs) | not run: needs \(2 * point.pairs) CPUs, have \(cpus) | – |" + (counted ? " – | – | – |" : ""))
                    continue
                }
                let efficiency = efficiency(of: point).map { String(format: "%.2f", $0) } ?? "–"
                var row = "| \(point.pairs) | \(SVGChart.format(median)) (\(SVGChart.format(point.rates.first!))–\(SVGChart.format(point.rates.last!))) | \(efficiency) |"
                if counted {
                    let roles = point.counters?.roles ?? []
                    func per(_ counter: String) -> String {
                        roles.map { $0.perMessage[counter].map(CounterReport.format) ?? "–" }.joined(separator: " / ")
                    }
                    row += " \(per("task-clock")) | \(per("instructions")) | "
                        + roles.map { $0.instructionsPerCycle.map { String(format: "%.2f", $0) } ?? "–" }.joined(separator: " / ") + " |"
                }
                lines.append(row)
            }
            if let reasons = points.first(where: { $0.counters != nil })?.counters?.unavailable, !reasons.isEmpty {
                lines += [""] + reasons.map { "- \($0)" }
            }
            lines.append("")
        }
        return (lines + ["![scale](scale.svg)", ""]).joined(separator: "\n")
    }

    /// The chart: aggregate msg/s against pairs, one line per partition count.
    public var chart: String {
        let series = Array(Set(points.map(\.partitions))).sorted().map { p in
            SVGChart.Series(name: "\(p) partition(s)",
                            points: points.filter { $0.partitions == p }.compactMap { pt in pt.median.map { (Double(pt.pairs), $0) } })
        }
        return SVGChart.lines(title: "Aggregate throughput vs producer/consumer pairs", xLabel: "pairs", yLabel: "msg/s", series: series)
    }

    /// scale.json: per point, median, min, max and efficiency.
    public func json() throws -> Data {
        var summary: [String: [String: Double]] = [:]
        for point in points {
            guard let median = point.median else { continue }
            summary["\(point.partitions)partitions-\(point.pairs)pairs"] = [
                "median": median, "min": point.rates.first!, "max": point.rates.last!, "efficiency": efficiency(of: point) ?? 0]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(summary)
    }

    /// Writes README.md, scale.svg and scale.json into `folder` (which exists).
    public func write(to folder: String) throws {
        try markdown.write(toFile: folder + "/README.md", atomically: true, encoding: .utf8)
        try chart.write(toFile: folder + "/scale.svg", atomically: true, encoding: .utf8)
        try json().write(to: URL(fileURLWithPath: folder + "/scale.json"))
    }
}
