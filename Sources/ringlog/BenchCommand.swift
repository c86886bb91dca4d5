import ArgumentParser
import Foundation
import RingLog
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
import RingLogPlatform

extension DriverKind: ExpressibleByArgument {}

/// `ringlog bench WORKLOAD.yaml`: one OMB workload against one driver, OMB result JSON out.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run an OpenMessaging Benchmark workload file against one driver and write OMB's result JSON.")

    @Argument(help: "An OMB workload YAML file.")
    var workload: String

    @Option(help: "log, queue (lock-free), mutex-queue, or a real system built in with its trait: kafka, redis, nats, rabbitmq (default: the workload's `driver` field, else log).")
    var driver: DriverKind?

    @Option(name: .shortAndLong, help: "Result JSON file (default: <workload>-<driver>-<date>.json).")
    var output: String?

    @Option(help: "Also write OMB's CSV row to this file.")
    var csv: String?

    @OptionGroup var flags: RunFlags

    func run() throws {
        let loaded: Workload
        do { loaded = try Workload.load(path: workload) } catch { throw CLIError(error.description) }
        var options = try flags.options(for: loaded, driver: driver, source: "\(workload) (with the command line's flags)")
        let w = options.workload
        let kind = w.ringlog.driver
        for note in loaded.notes { print("note: \(note)") }
        // Every output path is checked before the run (which may last a day) starts.
        let stem = ((workload as NSString).lastPathComponent as NSString).deletingPathExtension
        let file = output ?? "\(stem)-\(kind.rawValue)-\(Self.timestamp()).json"
        try OutputPaths.check(output: file, csv: csv, workload: workload, outputIsDefault: output == nil)
        options.onStart = { line in print(line) }
        if options.durationSeconds + options.warmupSeconds > 3 {
            options.progress = { line in print(line) }
        }
        print("workload \(w.name): \(w.topics) topic(s) × \(w.partitionsPerTopic) partition(s), \(w.messageSize) B, "
              + "\(w.producersPerTopic) producer(s), \(w.subscriptionsPerTopic) subscription(s) × \(w.consumerPerSubscription) consumer(s), "
              + "rate \(w.producerRate == 0 ? "max" : "\(w.producerRate)/s"), driver \(kind.rawValue), "
              + "\(options.warmupSeconds) s warm-up + \(options.durationSeconds) s")
        let result = try Runner.run(kind, options)
        let omb = OMBResult(workload: w, run: result)
        // Saved before anything else is printed; a failed write falls back to the temporary folder.
        let json = try omb.jsonData()
        let saved = OutputPaths.save(json, to: file)
        let savedCSV = csv.map { OutputPaths.save(Data((omb.csvHeader + "\n" + omb.csvRow + "\n").utf8), to: $0) }
        print(String(format: "publish %.0f msg/s, consume %.0f msg/s; e2e p50 %.2f µs, p99 %.2f µs, max %.2f µs; publish p99 %.2f µs",
                     result.publishRate, result.consumeRate, omb.aggregatedEndToEndLatency50pct * 1000,
                     omb.aggregatedEndToEndLatency99pct * 1000, omb.aggregatedEndToEndLatencyMax * 1000, omb.aggregatedPublishLatency99pct * 1000))
        for (i, v) in result.verification.enumerated() {
            print("subscription \(i): sent \(v.sent), received \(v.received), lost \(v.lost), duplicates \(v.duplicates), reordered \(v.reordered), corrupted \(v.corrupted)")
        }
        if let steal = result.hostStealMilliseconds {
            print(String(format: "host steal during the measured %g s: %.0f ms summed over %d CPUs (%.2f%% of their time)%@",
                         result.durationSeconds, steal, MachineDescription.current().logicalCPUs,
                         steal / (result.durationSeconds * 10 * Double(MachineDescription.current().logicalCPUs)),
                         steal > 0 ? "; latency tails include it" : ""))
        }
        print(String(format: "achieved batch %.1f records per poll; consumers found nothing %d times; producers pushed back %d times", result.achievedBatch, result.emptyPolls, result.producerStalls)
              + (result.producerWaits.isEmpty ? "" : ", waited in the ring \(result.producerWaits["episodes"] ?? 0) times (spins \(result.producerWaits["spins"] ?? 0), yields \(result.producerWaits["yields"] ?? 0), parks \(result.producerWaits["parks"] ?? 0))"))
        for line in result.counters?.lines ?? [] { print(line) }
        if result.sendErrors > 0 { print("send errors: \(result.sendErrors) (warm-up and drain included)") }
        if let failures = result.driverSettings["failures"] { print("failures: \(failures)") }
        print("verified: \(result.verified ? "yes" : "NO"); result written to \(saved.path ?? "nowhere (see below)")")
        if let csv, let savedCSV, savedCSV.failure == nil { print("CSV row written to \(csv)") }
        let jsonLost = Self.reportFailure(saved, what: "the result", json: json)
        let csvLost = savedCSV.map { Self.reportFailure($0, what: "the CSV row", json: nil) } ?? false
        if !result.verified { throw ExitCode(2) }
        if jsonLost || csvLost { throw ExitCode.failure }
    }

    /// Tells on stderr where a file went when it could not be written where asked (and, when
    /// even the fallback failed, prints `json` on stdout so that the run is not lost). Returns
    /// whether the file is not at the path asked for.
    static func reportFailure(_ saved: OutputPaths.Saved, what: String, json: Data?) -> Bool {
        guard let failure = saved.failure else { return false }
        if let path = saved.path {
            printError("Error: \(failure); \(what) was saved to \(path) instead")
        } else {
            printError("Error: \(failure); saving \(what) in the temporary folder failed too: \(saved.fallbackFailure.map(String.init(describing:)) ?? "unknown reason")")
            if let json {
                printError("the result JSON follows on stdout")
                print(String(decoding: json, as: UTF8.self))
            }
        }
        return true
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func timestamp() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd-HH-mm-ss"
        return f.string(from: Date())
    }
}
