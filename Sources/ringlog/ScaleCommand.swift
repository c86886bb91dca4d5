import ArgumentParser
import Foundation
import RingLogBench
import RingLogExperiments
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

    @Flag(help: "Count per-thread performance counters in every run; the report adds CPU time, instructions and IPC per message (producers / consumers).")
    var counters = false

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
        var sweep = ScaleSweep(maxPairs: maxN, partitionCounts: Self.partitionCounts(partitions)!, durationSeconds: duration, repeats: repeats)
        sweep.counters = counters
        let report = try sweep.run { print($0) }
        try report.write(to: dir)
        print("written: \(dir)/README.md")
    }
}
