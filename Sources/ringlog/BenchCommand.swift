import ArgumentParser
import Foundation
import RingLog
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput
import RingLogPlatform

/// Flags that override a workload's RingLog knobs and timings.
struct RunFlags: ParsableArguments {
    @Option(parsing: .unconditional, help: "Measured phase in seconds (overrides testDurationMinutes).")
    var duration: Double?

    @Option(parsing: .unconditional, help: "Warm-up in seconds (overrides warmupDurationMinutes).")
    var warmup: Double?

    @Option(parsing: .unconditional, help: "Messages per produce call and per poll.")
    var batch: Int?

    @Option(help: "Log retention on a full ring: block (lossless) or overwrite.")
    var retention: String?

    @Option(parsing: .unconditional, help: "Ring bytes per partition (a power of two); queues get as many slots as that ring holds messages.")
    var ringCapacity: Int?

    @Option(help: "auto, spin, yield or park (auto spins only when every thread has a core).")
    var wait: String?

    @Option(help: "Log rings on 2 MiB hugetlb pages: preferred (default), required or never.")
    var hugePages: String?

    @Flag(help: "Pin producer and consumer threads to CPUs (see --placement).")
    var pin = false

    @Option(parsing: .unconditional, help: "With --pin: compact, spread, or a CPU list like 0,2-3 (CPUs this process may run on, below 4096).")
    var placement: String?

    @Option(help: "Kafka driver: a real cluster (host:port,...); without it, librdkafka's mock cluster runs in process.")
    var bootstrapServers: String?

    @Option(help: "Kafka driver: producer settings over OMB's (acks=all, linger.ms=1, batch.size=1048576), e.g. acks=1,linger.ms=5,compression.type=lz4.")
    var kafkaProducer: String?

    @Option(parsing: .unconditional, help: "Width of the reported time windows in seconds.")
    var window: Double = 1

    @Option(parsing: .unconditional, help: "Check the payload CRC32C of every n-th message per consumer (1 = all, 0 = none; headers and order are always checked).")
    var payloadCheckEvery = 1

    func validate() throws {
        // Each timing against the bounds every run is held to (RunOptions.validate repeats this
        // with the workload's own values once the overrides are applied).
        typealias L = WorkloadLimits
        if let duration, !L.contains(L.durationSeconds, duration) { throw ValidationError("--duration must be in \(L.durationSeconds) seconds, got \(duration)") }
        if let warmup, !L.contains(L.warmupSeconds, warmup) { throw ValidationError("--warmup must be in \(L.warmupSeconds) seconds, got \(warmup)") }
        if !L.contains(L.windowSeconds, window) { throw ValidationError("--window must be in \(L.windowSeconds) seconds, got \(window)") }
        if !L.payloadCheckEvery.contains(payloadCheckEvery) { throw ValidationError("--payload-check-every must be in \(L.payloadCheckEvery), got \(payloadCheckEvery)") }
        if let retention, RetentionPolicy(rawValue: retention) == nil { throw ValidationError("--retention must be block or overwrite, got '\(retention)'") }
        if placement != nil && !pin { throw ValidationError("--placement takes effect only with --pin") }
        if let hugePages, HugePagePolicy(rawValue: hugePages) == nil { throw ValidationError("--huge-pages must be never, preferred or required, got '\(hugePages)'") }
    }

    /// The run's options: the workload with these overrides applied, and the timings, validated.
    /// `source` names where the values came from in messages (the workload file, with these flags).
    func options(for workload: Workload, driver: DriverKind?, source: String) throws -> RunOptions {
        var options = RunOptions(workload: try apply(to: workload, driver: driver), durationSeconds: duration, warmupSeconds: warmup)
        options.windowSeconds = window
        options.payloadCheckEvery = payloadCheckEvery
        do {
            try options.validate(source: source)
            let kind = DriverKind(rawValue: options.workload.ringlog.driver)!
            try Runner.checkSettings(kind: kind, options.workload, source: source)
            try RunFootprint(kind: kind, options: options).check(source: source)
        } catch { throw CLIError(error.description) }
        return options
    }

    /// The workload with these overrides applied, validated.
    func apply(to workload: Workload, driver: DriverKind?) throws -> Workload {
        var w = workload
        if let batch { w.ringlog.batchSize = batch }
        if let retention { w.ringlog.retention = RetentionPolicy(rawValue: retention)! }
        if let ringCapacity { w.ringlog.ringCapacity = ringCapacity }
        if let wait { w.ringlog.waitStrategy = wait }
        if let hugePages { w.ringlog.hugePages = HugePagePolicy(rawValue: hugePages)! }
        if let bootstrapServers { w.ringlog.bootstrapServers = bootstrapServers }
        if let kafkaProducer { w.ringlog.kafkaProducer = kafkaProducer }
        if pin { w.ringlog.pin = true }
        if let placement { w.ringlog.placement = placement }
        if let driver { w.ringlog.driver = driver.rawValue }
        do { try w.validate(source: "command line") } catch { throw CLIError(error.description) }
        // A pinned placement naming a CPU this process may not run on is refused here, before
        // the run builds anything (the runner checks again as it starts).
        do { _ = try RunPlacement(workload: w) } catch { throw CLIError(error.description) }
        return w
    }
}

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
        let kind = DriverKind(rawValue: w.ringlog.driver)!
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
