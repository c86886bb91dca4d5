import RingLogBench
import Foundation
import Histogram
import RingLogPlatform

/// An OpenMessaging Benchmark result file: OMB's `TestResult` fields in OMB's order, plus a
/// `ringlog` section.
///
/// Deviation from OMB, on purpose: every latency is in milliseconds (µs for publish delay, as
/// OMB) as a *fractional* double measured at nanosecond resolution. OMB's end-to-end latency
/// has whole-millisecond resolution, which would read 0 for an in-process engine.
public struct OMBResult: Codable, Sendable {
    public var workload: String
    public var driver: String
    public var messageSize: Int
    public var topics: Int
    public var partitions: Int
    public var producersPerTopic: Int
    public var consumersPerTopic: Int

    public var publishRate: [Double] = []
    public var publishErrorRate: [Double] = []
    public var consumeRate: [Double] = []
    public var backlog: [Int] = []

    public var publishLatencyAvg: [Double] = []
    public var publishLatency50pct: [Double] = []
    public var publishLatency75pct: [Double] = []
    public var publishLatency95pct: [Double] = []
    public var publishLatency99pct: [Double] = []
    public var publishLatency999pct: [Double] = []
    public var publishLatency9999pct: [Double] = []
    public var publishLatencyMax: [Double] = []

    public var publishDelayLatencyAvg: [Double] = []
    public var publishDelayLatency50pct: [Double] = []
    public var publishDelayLatency75pct: [Double] = []
    public var publishDelayLatency95pct: [Double] = []
    public var publishDelayLatency99pct: [Double] = []
    public var publishDelayLatency999pct: [Double] = []
    public var publishDelayLatency9999pct: [Double] = []
    public var publishDelayLatencyMax: [Double] = []

    public var aggregatedPublishLatencyAvg = 0.0
    public var aggregatedPublishLatency50pct = 0.0
    public var aggregatedPublishLatency75pct = 0.0
    public var aggregatedPublishLatency95pct = 0.0
    public var aggregatedPublishLatency99pct = 0.0
    public var aggregatedPublishLatency999pct = 0.0
    public var aggregatedPublishLatency9999pct = 0.0
    public var aggregatedPublishLatencyMax = 0.0

    public var aggregatedPublishDelayLatencyAvg = 0.0
    public var aggregatedPublishDelayLatency50pct = 0.0
    public var aggregatedPublishDelayLatency75pct = 0.0
    public var aggregatedPublishDelayLatency95pct = 0.0
    public var aggregatedPublishDelayLatency99pct = 0.0
    public var aggregatedPublishDelayLatency999pct = 0.0
    public var aggregatedPublishDelayLatency9999pct = 0.0
    public var aggregatedPublishDelayLatencyMax = 0.0

    public var aggregatedPublishLatencyQuantiles: [String: Double] = [:]
    public var aggregatedPublishDelayLatencyQuantiles: [String: Double] = [:]

    public var endToEndLatencyAvg: [Double] = []
    public var endToEndLatency50pct: [Double] = []
    public var endToEndLatency75pct: [Double] = []
    public var endToEndLatency95pct: [Double] = []
    public var endToEndLatency99pct: [Double] = []
    public var endToEndLatency999pct: [Double] = []
    public var endToEndLatency9999pct: [Double] = []
    public var endToEndLatencyMax: [Double] = []

    public var aggregatedEndToEndLatencyAvg = 0.0
    public var aggregatedEndToEndLatency50pct = 0.0
    public var aggregatedEndToEndLatency75pct = 0.0
    public var aggregatedEndToEndLatency95pct = 0.0
    public var aggregatedEndToEndLatency99pct = 0.0
    public var aggregatedEndToEndLatency999pct = 0.0
    public var aggregatedEndToEndLatency9999pct = 0.0
    public var aggregatedEndToEndLatencyMax = 0.0

    public var aggregatedEndToEndLatencyQuantiles: [String: Double] = [:]

    public var ringlog: RingLogSection

    /// RingLog's additions: verification, run settings, machine.
    public struct RingLogSection: Codable, Sendable {
        public var verified: Bool
        public var verification: [VerificationCounts]
        public var lossless: Bool
        public var orderedPerPartition: Bool
        public var latencyUnits: String
        /// The measured phase; rates are counts in it over its span.
        public var durationSeconds: Double
        /// The warm-up before it (not in the rates).
        public var warmupSeconds: Double
        public var windowSeconds: Double
        /// Messages over the whole run (warm-up, measured phase and drain): what verification
        /// counts. Divide the rates' counts, not these, by `durationSeconds`.
        public var totalSent: Int
        public var totalReceived: Int
        public var aggregatePublishRate: Double
        public var aggregateConsumeRate: Double
        public var batchSize: Int
        public var achievedBatch: Double
        public var producerStalls: Int
        /// Hypervisor steal during the measured phase, ms summed over CPUs (null: unknown).
        public var hostStealMilliseconds: Double?
        /// Failed sends over the whole run, warm-up and drain included.
        public var sendErrors: Int
        public var producerWaits: [String: Int]
        public var emptyPolls: Int
        public var waitStrategy: String
        public var pinning: [String]
        /// The CPUs the process could run on (its affinity mask), as a CPU list (`0-3,8`).
        public var availableCPUs: String?
        public var storageBytes: Int
        public var driverSettings: [String: String]
        public var machine: MachineDescription
        /// Per-thread performance counters of the measured phase, per role and message
        /// (`--counters`); absent when the run did not count.
        public var counters: CounterReport? = nil
    }

    static let percentiles: [(String, Double)] = [("50pct", 50), ("75pct", 75), ("95pct", 95), ("99pct", 99), ("999pct", 99.9), ("9999pct", 99.99)]

    /// Avg, p50, p75, p95, p99, p99.9, p99.99, max of `h` in nanoseconds, divided by `scale`.
    static func summary(_ h: Histogram<UInt64>, scale: Double) -> [Double] {
        guard h.totalCount > 0 else { return Array(repeating: 0, count: 8) }
        var out = [h.mean / scale]
        for (_, p) in percentiles { out.append(Double(h.valueAtPercentile(p)) / scale) }
        out.append(Double(h.max) / scale)
        return out
    }

    /// OMB's quantile map: percentile (as Java's Double.toString would print it) → value.
    static func quantiles(_ h: Histogram<UInt64>, scale: Double) -> [String: Double] {
        guard h.totalCount > 0 else { return [:] }
        var out: [String: Double] = [:]
        for v in h.percentiles(ticksPerHalfDistance: 5) {
            out[String(v.percentile)] = Double(v.value) / scale
        }
        return out
    }

    public init(workload: Workload, run r: RunResult, machine: MachineDescription = .current()) {
        self.workload = workload.name
        driver = r.driver
        messageSize = workload.messageSize
        topics = workload.topics
        partitions = workload.partitionsPerTopic
        producersPerTopic = workload.producersPerTopic
        consumersPerTopic = workload.consumerPerSubscription
        let ms = 1e6, us = 1e3
        var sentSoFar = 0, receivedSoFar = 0
        let fanout = workload.subscriptionsPerTopic
        for wnd in r.series {
            // Counts over the window's actual span (a last window cut short by the run's end is shorter).
            let span = wnd.seconds > 0 ? wnd.seconds : r.windowSeconds
            publishRate.append(Double(wnd.sent) / span)
            publishErrorRate.append(Double(wnd.sendErrors) / span)
            consumeRate.append(Double(wnd.received) / span)
            sentSoFar += wnd.sent
            receivedSoFar += wnd.received
            backlog.append(max(0, fanout * sentSoFar - receivedSoFar))
            let p = Self.summary(wnd.publishLatency, scale: ms)
            publishLatencyAvg.append(p[0]); publishLatency50pct.append(p[1]); publishLatency75pct.append(p[2]); publishLatency95pct.append(p[3])
            publishLatency99pct.append(p[4]); publishLatency999pct.append(p[5]); publishLatency9999pct.append(p[6]); publishLatencyMax.append(p[7])
            let d = Self.summary(wnd.publishDelay, scale: us)
            publishDelayLatencyAvg.append(d[0]); publishDelayLatency50pct.append(d[1]); publishDelayLatency75pct.append(d[2]); publishDelayLatency95pct.append(d[3])
            publishDelayLatency99pct.append(d[4]); publishDelayLatency999pct.append(d[5]); publishDelayLatency9999pct.append(d[6]); publishDelayLatencyMax.append(d[7])
            let e = Self.summary(wnd.endToEnd, scale: ms)
            endToEndLatencyAvg.append(e[0]); endToEndLatency50pct.append(e[1]); endToEndLatency75pct.append(e[2]); endToEndLatency95pct.append(e[3])
            endToEndLatency99pct.append(e[4]); endToEndLatency999pct.append(e[5]); endToEndLatency9999pct.append(e[6]); endToEndLatencyMax.append(e[7])
        }
        let a = r.aggregate
        let p = Self.summary(a.publishLatency, scale: ms)
        (aggregatedPublishLatencyAvg, aggregatedPublishLatency50pct, aggregatedPublishLatency75pct, aggregatedPublishLatency95pct) = (p[0], p[1], p[2], p[3])
        (aggregatedPublishLatency99pct, aggregatedPublishLatency999pct, aggregatedPublishLatency9999pct, aggregatedPublishLatencyMax) = (p[4], p[5], p[6], p[7])
        let d = Self.summary(a.publishDelay, scale: us)
        (aggregatedPublishDelayLatencyAvg, aggregatedPublishDelayLatency50pct, aggregatedPublishDelayLatency75pct, aggregatedPublishDelayLatency95pct) = (d[0], d[1], d[2], d[3])
        (aggregatedPublishDelayLatency99pct, aggregatedPublishDelayLatency999pct, aggregatedPublishDelayLatency9999pct, aggregatedPublishDelayLatencyMax) = (d[4], d[5], d[6], d[7])
        let e = Self.summary(a.endToEnd, scale: ms)
        (aggregatedEndToEndLatencyAvg, aggregatedEndToEndLatency50pct, aggregatedEndToEndLatency75pct, aggregatedEndToEndLatency95pct) = (e[0], e[1], e[2], e[3])
        (aggregatedEndToEndLatency99pct, aggregatedEndToEndLatency999pct, aggregatedEndToEndLatency9999pct, aggregatedEndToEndLatencyMax) = (e[4], e[5], e[6], e[7])
        aggregatedPublishLatencyQuantiles = Self.quantiles(a.publishLatency, scale: ms)
        aggregatedPublishDelayLatencyQuantiles = Self.quantiles(a.publishDelay, scale: us)
        aggregatedEndToEndLatencyQuantiles = Self.quantiles(a.endToEnd, scale: ms)
        ringlog = RingLogSection(
            verified: r.verified, verification: r.verification, lossless: r.lossless, orderedPerPartition: r.ordered,
            latencyUnits: "publish and end-to-end latency in ms, publish delay in µs, fractional doubles from ns measurements (OMB's end-to-end is whole ms)",
            durationSeconds: r.durationSeconds, warmupSeconds: r.warmupSeconds, windowSeconds: r.windowSeconds, totalSent: r.totalSent, totalReceived: r.totalReceived,
            aggregatePublishRate: r.publishRate, aggregateConsumeRate: r.consumeRate,
            batchSize: workload.ringlog.batchSize, achievedBatch: r.achievedBatch, producerStalls: r.producerStalls, hostStealMilliseconds: r.hostStealMilliseconds, sendErrors: r.sendErrors, producerWaits: r.producerWaits, emptyPolls: r.emptyPolls,
            waitStrategy: r.waitStrategy, pinning: r.pinning, availableCPUs: r.availableCPUs.isEmpty ? nil : CPUList(r.availableCPUs).description,
            storageBytes: r.storageBytes, driverSettings: r.driverSettings, machine: machine, counters: r.counters)
    }

    /// Pretty JSON with the fields in declaration order, as OMB's Jackson writer emits them
    /// (Foundation's encoder does not keep order, so the encoded tree is re-emitted in the
    /// order the properties are declared).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let tree = try JSONSerialization.jsonObject(with: encoder.encode(self))
        var out = ""
        _OrderedJSON.emit(tree, order: _OrderedJSON.fieldOrder(of: self), nested: ["ringlog": _OrderedJSON.fieldOrder(of: ringlog)], indent: 0, into: &out)
        out += "\n"
        return Data(out.utf8)
    }

    /// OMB's CSV export columns (`ResultsToCsv`), one row for this result.
    public var csvHeader: String {
        "topics,partitions,message-size,producers-per-topic,consumers-per-topic,prod-rate-min,prod-rate-avg,prod-rate-std-dev,prod-rate-max,con-rate-min,con-rate-avg,con-rate-std-dev,con-rate-max"
    }

    public var csvRow: String {
        func stats(_ v: [Double]) -> String {
            guard !v.isEmpty else { return "0,0,0,0" }
            let avg = v.reduce(0, +) / Double(v.count)
            let sd = (v.map { ($0 - avg) * ($0 - avg) }.reduce(0, +) / Double(v.count)).squareRoot()
            return String(format: "%.1f,%.1f,%.1f,%.1f", v.min()!, avg, sd, v.max()!)
        }
        return "\(topics),\(partitions),\(messageSize),\(producersPerTopic),\(consumersPerTopic),\(stats(publishRate)),\(stats(consumeRate))"
    }
}
