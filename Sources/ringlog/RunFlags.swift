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

    @Flag(help: "Count per-thread performance counters (perf_event_open) over the measured phase and report them per message and role; hardware ones only where the machine has a PMU.")
    var counters = false

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
        options.counters = counters
        do {
            try options.validate(source: source)
            let kind = options.workload.ringlog.driver
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
        if let hugePages { w.ringlog.hugePages = HugePagePolicy(rawValue: hugePages)! }
        if let bootstrapServers { w.ringlog.bootstrapServers = bootstrapServers }
        if let kafkaProducer { w.ringlog.kafkaProducer = kafkaProducer }
        if pin { w.ringlog.pin = true }
        if let driver { w.ringlog.driver = driver }
        do throws(WorkloadError) {
            if let wait {
                guard let choice = WaitChoice(rawValue: wait) else {
                    throw .invalidValue(source: "command line", field: "waitStrategy", value: wait, rule: "auto, spin, yield or park")
                }
                w.ringlog.waitStrategy = choice
            }
            if let placement { w.ringlog.placement = try RingLogKnobs.placement(parsing: placement, source: "command line") }
            try w.validate(source: "command line")
        } catch { throw CLIError(error.description) }
        // A pinned placement naming a CPU this process may not run on is refused here, before
        // the run builds anything (the runner checks again as it starts).
        do { _ = try RunPlacement(workload: w) } catch { throw CLIError(error.description) }
        return w
    }
}
