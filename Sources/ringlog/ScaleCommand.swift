import ArgumentParser
import Foundation
import RingLog
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
import RingLogPlatform

/// `ringlog scale`: aggregate throughput as producer/consumer pairs and partitions grow.
struct ScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Sweep producer/consumer pairs (one topic each) and partitions, pinned; write results/scale-<host>-<date>/.")

    @Option(parsing: .unconditional, help: "Largest number of producer/consumer pairs (default: half the CPUs, at least 1).")
    var maxPairs: Int?

    @Option(parsing: .unconditional, help: "Partitions per topic to sweep, comma-separated.")
    var partitions = "1,4"

    @Option(parsing: .unconditional, help: "Seconds per point.")
    var duration = 1.0

    @Option(parsing: .unconditional, help: "Repeats per point (median reported).")
    var repeats = 3

    @Option(help: "Output folder.")
    var output: String?

    func validate() throws {
        if let maxPairs, !(1...512).contains(maxPairs) { throw ValidationError("--max-pairs must be in 1...512, got \(maxPairs)") }
        guard Self.partitionCounts(partitions) != nil else {
            throw ValidationError("--partitions must be a comma-separated list of counts in 1...1024, got '\(partitions)'")
        }
        guard WorkloadLimits.contains(WorkloadLimits.durationSeconds.clamped(to: 0.1...600), duration) else {
            throw ValidationError("--duration must be in 0.1...600 seconds (a shorter point measures nothing), got \(duration)")
        }
        guard (1...20).contains(repeats) else { throw ValidationError("--repeats must be in 1...20, got \(repeats)") }
    }

    /// Comma-separated counts in 1...1024 (ASCII digits, no empty items), nil otherwise.
    static func partitionCounts(_ text: String) -> [Int]? {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        let counts = items.map { item -> Int? in
            guard (1...4).contains(item.utf8.count), item.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return Int(item).flatMap { (1...1024).contains($0) ? $0 : nil }
        }
        return counts.contains(nil) ? nil : counts.compactMap { $0 }
    }

    func run() throws {
        // The CPUs this process may run on (its affinity mask), not the machine's.
        let cpus = PlatformThread.availableCPUs
        let maxN = maxPairs ?? max(1, cpus / 2)
        let fits = max(1, cpus / 2)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        let dir = output ?? "results/scale-\(host)-\(f.string(from: Date()))"
        var isFolder: ObjCBool = false
        if dir.isEmpty || (FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder) && !isFolder.boolValue) {
            throw CLIError("--output '\(dir)' is \(dir.isEmpty ? "empty" : "a file, not a folder")")
        }
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw CLIError("cannot create the output folder '\(dir)': \((error as NSError).localizedDescription)")
        }
        let partitionCounts = Self.partitionCounts(partitions)!
        var lines = ["# ringlog scale", "", "Machine: \(MachineDescription.current().cpuModel), \(cpus) CPUs usable by the process, \(Topology.discover().nodes.count) NUMA node(s).",
                     "Each pair is one producer and one consumer on a topic of its own, pinned compactly (consumers first), batch 64, 100 B, block retention.",
                     "Median of \(repeats) runs of \(duration) s per point; efficiency = rate(n) / (n × rate(1)).", ""]
        var series: [SVGChart.Series] = []
        var summary: [String: [String: Double]] = [:]
        for p in partitionCounts {
            lines += ["## \(p) partition(s) per topic", "", "| pairs | msg/s (median, min–max) | efficiency |", "|---|---|---|"]
            var points: [(x: Double, y: Double)] = []
            var base = 0.0
            for n in 1...maxN {
                if n > fits {
                    let msg = "\(n) pairs need \(2 * n) CPUs to run without sharing; this process may run on \(cpus): not run"
                    print(msg)
                    lines.append("| \(n) | not run: needs \(2 * n) CPUs, have \(cpus) | – |")
                    continue
                }
                var w = Workload(name: "scale-\(n)p-\(p)part", topics: n, partitionsPerTopic: p, messageSize: 100,
                                 subscriptionsPerTopic: 1, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 0)
                w.ringlog.pin = true
                w.ringlog.ringCapacity = 1 << 20
                var rates: [Double] = []
                for _ in 0..<repeats {
                    let r = try Runner.run(.log, RunOptions(workload: w, durationSeconds: duration, warmupSeconds: 0.2))
                    guard r.verified else { throw ValidationError("run \(w.name) failed its verification: \(r.verification)") }
                    rates.append(r.consumeRate)
                }
                rates.sort()
                let middle = rates.count / 2
                let median = rates.count % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2
                if n == 1 { base = median }
                let eff = base > 0 ? median / (Double(n) * base) : 0
                points.append((Double(n), median))
                summary["\(p)partitions-\(n)pairs"] = ["median": median, "min": rates.first!, "max": rates.last!, "efficiency": eff]
                lines.append("| \(n) | \(SVGChart.format(median)) (\(SVGChart.format(rates.first!))–\(SVGChart.format(rates.last!))) | \(String(format: "%.2f", eff)) |")
                print("partitions \(p), pairs \(n): \(SVGChart.format(median)) msg/s, efficiency \(String(format: "%.2f", eff))")
            }
            series.append(SVGChart.Series(name: "\(p) partition(s)", points: points))
            lines.append("")
        }
        try SVGChart.lines(title: "Aggregate throughput vs producer/consumer pairs", xLabel: "pairs", yLabel: "msg/s", series: series)
            .write(toFile: dir + "/scale.svg", atomically: true, encoding: .utf8)
        lines += ["![scale](scale.svg)", ""]
        try lines.joined(separator: "\n").write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try e.encode(summary).write(to: URL(fileURLWithPath: dir + "/scale.json"))
        print("written: \(dir)/README.md")
    }
}
