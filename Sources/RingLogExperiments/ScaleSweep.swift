import RingLogBench
import RingLogReport
import RingLogPlatform

/// The experiment behind `ringlog scale`: aggregate log throughput as producer/consumer pairs
/// (one topic each, pinned compactly, consumers first) and partitions per topic grow. A point
/// whose pairs need more CPUs than the process may run on is not run, and says so.
public struct ScaleSweep: Sendable {
    public var maxPairs: Int
    public var partitionCounts: [Int]
    public var durationSeconds: Double
    public var repeats: Int
    /// Count per-thread performance counters in every run (`RunOptions.counters`); each point
    /// reports its last repeat's, per role and message.
    public var counters = false

    public init(maxPairs: Int, partitionCounts: [Int], durationSeconds: Double, repeats: Int) {
        self.maxPairs = maxPairs
        self.partitionCounts = partitionCounts
        self.durationSeconds = durationSeconds
        self.repeats = repeats
    }

    /// Runs every point (`repeats` verified runs each), reporting each as it is measured.
    /// - Throws: `HarnessError.driver` when a run fails its verification, or a run's error.
    public func run(progress: (String) -> Void) throws -> ScaleReport {
        let cpus = PlatformThread.availableCPUs
        let fits = max(1, cpus / 2)
        var report = ScaleReport(machine: MachineDescription.current(), cpus: cpus, numaNodes: Topology.discover().nodes.count,
                                 durationSeconds: durationSeconds, repeats: repeats)
        for p in partitionCounts {
            for n in 1...maxPairs {
                guard n <= fits else {
                    progress("\(n) pairs need \(2 * n) CPUs to run without sharing; this process may run on \(cpus): not run")
                    report.points.append(.init(partitions: p, pairs: n, rates: []))
                    continue
                }
                var w = Workload(name: "scale-\(n)p-\(p)part", topics: n, partitionsPerTopic: p, messageSize: 100,
                                 subscriptionsPerTopic: 1, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 0)
                w.ringlog.pin = true
                w.ringlog.ringCapacity = 1 << 20
                var rates: [Double] = []
                var counted: CounterReport?
                for _ in 0..<repeats {
                    var options = RunOptions(workload: w, durationSeconds: durationSeconds, warmupSeconds: 0.2)
                    options.counters = counters
                    let r = try Runner.run(.log, options)
                    guard r.verified else { throw HarnessError.driver("run \(w.name) failed its verification: \(r.verification)") }
                    rates.append(r.consumeRate)
                    counted = r.counters
                }
                var point = ScaleReport.Point(partitions: p, pairs: n, rates: rates)
                point.counters = counted
                report.points.append(point)
                let efficiency = report.efficiency(of: point).map { String(format: "%.2f", $0) } ?? "–"
                progress("partitions \(p), pairs \(n): \(SVGChart.format(point.median ?? 0)) msg/s, efficiency \(efficiency)")
            }
        }
        return report
    }
}
