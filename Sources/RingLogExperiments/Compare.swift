import RingLogBench
import RingLogReport
import Foundation
import RingLog
import RingLogQueue
import RingLogPlatform

/// `ringlog compare`: the log-vs-queue experiments, written as OMB result files, a Markdown
/// report (the seed's comparison table filled with measured values) and SVG charts.
public struct Compare {
    public var full: Bool
    /// Also run the real systems that are built in and reachable (Redis Streams).
    public var systems = false
    /// Count per-thread performance counters in every run (`RunOptions.counters`) and add the
    /// "where the cycles go" table (1P1C batch 64, fan-out K = 4; log against queue).
    public var counters = false
    /// The result folder. `run()` writes into a staging folder beside it and replaces it
    /// with that only once everything is written (see `StagedFolder`).
    public var directory: String
    public var progress: @Sendable (String) -> Void
    /// Where the files go while the experiments run: the staging folder during `run()`.
    var folder: String

    public init(full: Bool, directory: String, progress: @escaping @Sendable (String) -> Void) {
        self.full = full
        self.directory = directory
        self.progress = progress
        self.folder = directory
    }

    var repeats: Int { full ? 5 : 3 }
    var short: Double { full ? 3 : 0.6 }
    var warm: Double { full ? 1 : 0.2 }

    /// Median, min and max of repeated measurements.
    public struct Spread: Codable, Sendable {
        public var median: Double
        public var min: Double
        public var max: Double
        public var runs: [Double]
        init(_ v: [Double]) {
            let s = v.sorted()
            runs = v
            median = s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
            min = s.first ?? 0
            max = s.last ?? 0
        }
    }

    static func base(_ name: String) -> Workload {
        var w = Workload(name: name, topics: 1, partitionsPerTopic: 1, messageSize: 100, useRandomizedPayloads: true,
                         randomBytesRatio: 0.5, randomizedPayloadPoolSize: 100, subscriptionsPerTopic: 1,
                         consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 0,
                         testDurationMinutes: 1, warmupDurationMinutes: 0)
        w.ringlog.ringCapacity = 1 << 20
        return w
    }

    var runIndex = 0

    /// Runs one workload on one driver and saves its OMB result.
    mutating func measure(_ kind: DriverKind, _ w: Workload, duration: Double, warmup: Double? = nil,
                          tweak: (inout RunOptions) -> Void = { _ in }) throws -> RunResult {
        var o = RunOptions(workload: w, durationSeconds: duration, warmupSeconds: warmup ?? warm)
        o.windowSeconds = min(1, duration)
        o.counters = counters
        tweak(&o)
        let r = try Runner.run(kind, o)
        runIndex += 1
        let file = "\(folder)/runs/\(String(format: "%03d", runIndex))-\(w.name)-\(kind.rawValue).json"
        try OMBResult(workload: w, run: r, machine: machine).jsonData().write(to: URL(fileURLWithPath: file))
        return r
    }

    let machine = MachineDescription.current()

    /// The label of RingLog behind the Kafka protocol among the real systems.
    static let ringlogOverKafka = "RingLog over the Kafka protocol (ringlog serve in process, loopback)"

    public struct Report: Codable, Sendable {
        public var machine: MachineDescription
        public var full: Bool
        public var batches: [Int]
        public var throughputByBatch: [String: [Spread]]
        public var latencyAt1M: [String: [String: Double]]
        /// End-to-end latency distribution at 1 M msg/s offered, per driver (the percentile plot).
        public var latencyDistributionAt1M: [String: LatencyDistribution]? = nil
        public var maxRate16Partitions: [String: Spread]
        public var fanout: [Int]
        public var fanoutDelivered: [String: [Spread]]
        public var fanoutStorageBytes: [String: [Int]]
        /// K = 4 fan-out over ring sizes (bytes per partition ring, and per queue).
        public var fanout4Rings: [Int]? = nil
        public var fanout4ByRingDelivered: [String: [Spread]]? = nil
        public var fanout4ByRingStorageBytes: [String: [Int]]? = nil
        public var replay: [String: Double]
        public var slowConsumer: [String: [Double]]
        public var slowConsumerLost: [String: [Int]]
        public var slowConsumerWindowSeconds: Double
        public var competingConsumers: [String: [Int]]
        public var keyedOrder: [String: [Int]]
        public var lockOpsPerSecond: [String: Spread]
        public var allVerified: Bool
        public var unverified: [String]
        /// Real systems (over loopback): name → measured figures; and what could not run.
        public var realSystems: [String: [String: Double]] = [:]
        public var realSystemsSkipped: [String] = []
        /// Per real system: how its late subscriber attaches, and notes on runs it could not do.
        public var realSystemsNotes: [String: [String]] = [:]
        /// Per run label (`1P1C batch 64, log`, `fan-out K = 4, queue`): the counters of its
        /// last repeat, per role and message (`--counters` only).
        public var whereTheCyclesGo: [String: CounterReport]? = nil
    }

    public mutating func run() throws -> Report {
        try Self.checkReplaceable(directory)
        let staged = try StagedFolder(target: directory)
        folder = staged.staging
        defer { folder = directory }
        try FileManager.default.createDirectory(atPath: folder + "/runs", withIntermediateDirectories: true)
        progress("writing into \(staged.staging)/; it becomes \(directory)/ once every file is written")
        var unverified: [String] = []
        func note(_ r: RunResult, _ what: String) { if !r.verified { unverified.append(what) } }
        let kinds = DriverKind.inProcess
        var cycles: [String: CounterReport] = [:]

        // 1. One producer, one consumer, over batch sizes (interleaved repeats).
        let batches = full ? [1, 4, 16, 64, 256] : [1, 64]
        progress("1/6 one producer → one consumer, batch sizes \(batches), \(repeats) interleaved repeats")
        var tput: [String: [[Double]]] = [:]
        for k in kinds { tput[k.rawValue] = Array(repeating: [], count: batches.count) }
        for _ in 0..<repeats {
            for (bi, b) in batches.enumerated() {
                for k in kinds {
                    var w = Self.base("1p1c-batch\(b)")
                    w.ringlog.batchSize = b
                    let r = try measure(k, w, duration: short)
                    note(r, "1p1c batch \(b) \(k.rawValue)")
                    tput[k.rawValue]![bi].append(r.consumeRate)
                    if b == 64, let c = r.counters { cycles["1P1C batch 64, \(k.rawValue)"] = c }
                }
            }
        }
        var latency: [String: [String: Double]] = [:]
        var latencyDistribution: [String: LatencyDistribution] = [:]
        progress("1/6 latency at 1 M msg/s offered")
        for k in kinds {
            var w = Self.base("1p1c-1M-per-s")
            w.producerRate = 1_000_000
            let r = try measure(k, w, duration: full ? 10 : 1.5, warmup: 0.3)
            note(r, "latency \(k.rawValue)")
            let omb = OMBResult(workload: w, run: r, machine: machine)
            latencyDistribution[k.rawValue] = LatencyDistribution(r.aggregate.endToEnd)
            latency[k.rawValue] = ["p50us": omb.aggregatedEndToEndLatency50pct * 1000, "p99us": omb.aggregatedEndToEndLatency99pct * 1000,
                                   "p999us": omb.aggregatedEndToEndLatency999pct * 1000, "maxus": omb.aggregatedEndToEndLatencyMax * 1000,
                                   "publishP99us": omb.aggregatedPublishLatency99pct * 1000, "rate": r.consumeRate,
                                   "stealMs": r.hostStealMilliseconds ?? -1]
        }
        progress("1/6 OMB's max-rate-1-topic-16-partitions-100b shape")
        var maxRate: [String: [Double]] = [:]
        for _ in 0..<repeats {
            for k in [DriverKind.log, .queue] {
                var w = Self.base("max-rate-1-topic-16-partitions-100b")
                w.partitionsPerTopic = 16
                w.ringlog.ringCapacity = 1 << 20
                let r = try measure(k, w, duration: full ? 5 : 1)
                note(r, "max-rate \(k.rawValue)")
                maxRate[k.rawValue, default: []].append(r.consumeRate)
            }
        }

        // 2. Fan-out to K subscriptions: one copy + K cursors vs K copies.
        let fanout = [1, 2, 4, 8]
        progress("2/6 fan-out K = \(fanout)")
        var delivered: [String: [[Double]]] = ["log": Array(repeating: [], count: 4), "queue": Array(repeating: [], count: 4)]
        var storage: [String: [Int]] = ["log": [0, 0, 0, 0], "queue": [0, 0, 0, 0]]
        for rep in 0..<repeats {
            for (ki, K) in fanout.enumerated() where full || K == 4 || rep == 0 {
                for k in [DriverKind.log, .queue] {
                    var w = Self.base("fanout-\(K)")
                    w.subscriptionsPerTopic = K
                    let r = try measure(k, w, duration: short)
                    note(r, "fan-out \(K) \(k.rawValue)")
                    delivered[k.rawValue]![ki].append(r.consumeRate)
                    if K == 4, let c = r.counters { cycles["fan-out K = 4, \(k.rawValue)"] = c }
                    storage[k.rawValue]![ki] = r.storageBytes
                }
            }
        }

        // The same K = 4 fan-out with larger rings: whether the K copies still fit in the caches
        // decides how much writing once saves (the 1 MiB point is the K = 4 row above).
        let fanoutRings = [1 << 20, 1 << 24]
        let k4 = fanout.firstIndex(of: 4)!
        var byRing: [String: [[Double]]] = ["log": [delivered["log"]![k4]], "queue": [delivered["queue"]![k4]]]
        var byRingStorage: [String: [Int]] = ["log": [storage["log"]![k4]], "queue": [storage["queue"]![k4]]]
        progress("2/6 fan-out K = 4 with \(fanoutRings[1] >> 20) MiB rings")
        for ring in fanoutRings.dropFirst() {
            for k in ["log", "queue"] { byRing[k]!.append([]); byRingStorage[k]!.append(0) }
            for _ in 0..<repeats {
                for k in [DriverKind.log, .queue] {
                    var w = Self.base("fanout-4-ring-\(ring >> 20)MiB")
                    w.subscriptionsPerTopic = 4
                    w.ringlog.ringCapacity = ring
                    // 4 KiB pages for both: the queues have no huge-page option.
                    w.ringlog.hugePages = .never
                    let r = try measure(k, w, duration: short)
                    note(r, "fan-out 4, \(ring >> 20) MiB rings, \(k.rawValue)")
                    byRing[k.rawValue]![byRing[k.rawValue]!.count - 1].append(r.consumeRate)
                    byRingStorage[k.rawValue]![byRingStorage[k.rawValue]!.count - 1] = r.storageBytes
                }
            }
        }

        // 3. Replay: a group that joins late.
        progress("3/6 replay: a late group on the log, a late consumer on the queue")
        let replay = try Self.replay(records: full ? 400_000 : 200_000)

        // 4. A slow consumer: overwrite keeps the producer at speed; block and the queue push back.
        progress("4/6 a slow consumer (2 µs per message) beside a fast one")
        var slow: [String: [Double]] = [:]
        var slowLost: [String: [Int]] = [:]
        let slowWindow = 0.25
        for (label, kind, retention) in [("log-overwrite", DriverKind.log, RetentionPolicy.overwrite), ("log-block", .log, .block), ("queue", .queue, .block)] {
            var w = Self.base("slow-consumer-\(label)")
            w.subscriptionsPerTopic = 2
            w.ringlog.retention = retention
            w.ringlog.ringCapacity = 1 << 18
            let r = try measure(kind, w, duration: full ? 6 : 1.5, warmup: 0) { o in
                o.slowSubscription = 1
                o.slowNanosecondsPerMessage = 2_000
                o.windowSeconds = slowWindow
                o.drainTimeoutSeconds = 3
            }
            if retention == .block { note(r, "slow consumer \(label)") }
            slow[label] = r.series.map { Double($0.sent) / slowWindow }
            slowLost[label] = r.verification.map(\.lost)
        }

        // 5. Competing consumers vs partitions.
        progress("5/6 four consumers in one group / on one queue, two partitions")
        var competing: [String: [Int]] = [:]
        for k in [DriverKind.log, .queue] {
            var w = Self.base("competing-4c-2p")
            w.partitionsPerTopic = 2
            w.consumerPerSubscription = 4
            w.producerRate = 500_000
            let r = try measure(k, w, duration: short * 2)
            note(r, "competing \(k.rawValue)")
            competing[k.rawValue] = r.consumerReceived
        }

        // 6. Keyed ordering with two competing consumers.
        progress("6/6 per-key order: 16 keys, 4 partitions, 2 consumers")
        var keyed: [String: [Int]] = [:]
        for k in [DriverKind.log, .queue] {
            let w = Self.keyedWorkload()
            let r = try measure(k, w, duration: short * 2) { $0.trackKeyOrder = true }
            note(r, "keyed \(k.rawValue)")
            keyed[k.rawValue] = [r.keyOrderInversions.first ?? 0, r.totalReceived]
        }

        // Which lock the mutex queue uses, measured.
        var locks: [String: [Double]] = [:]
        for _ in 0..<repeats {
            for pairs in [1, 2] {
                for lock in QueueLock.allCases {
                    locks["\(lock.rawValue)-\(pairs)p\(pairs)c", default: []].append(try Self.lockContention(lock, pairs: pairs, seconds: 0.3))
                }
            }
        }

        var real: [String: [String: Double]] = [:]
        var realNotes: [String: [String]] = [:]
        var skipped: [String] = []
        if systems {
            progress("7/7 real systems (Redis Streams, NATS JetStream and RabbitMQ over loopback, Kafka's librdkafka mock cluster in process, RingLog behind the Kafka protocol over loopback)")
            for system in Self.realSystems {
                let label = system.label, kind = system.kind, warmup = system.warmup
                do {
                    let session = try system.setUp()
                    defer { session.tearDown() }
                    let tag = system.tag
                    var w = Self.base("\(tag)-1p1c")
                    w.partitionsPerTopic = kind == .kafka ? 4 : 1
                    session.adjust(&w)
                    let one = try measure(kind, w, duration: full ? 5 : 2, warmup: warmup)
                    note(one, "\(kind.rawValue) 1p1c")
                    var f = w
                    f.name = "\(tag)-fanout-4"
                    f.subscriptionsPerTopic = 4
                    let four = try measure(kind, f, duration: full ? 5 : 2, warmup: warmup)
                    note(four, "\(kind.rawValue) fan-out 4")
                    var l = w
                    l.name = "\(tag)-10k-per-s"
                    l.producerRate = 10_000
                    let lat = try measure(kind, l, duration: full ? 5 : 2, warmup: warmup)
                    note(lat, "\(kind.rawValue) latency")
                    let omb = OMBResult(workload: l, run: lat, machine: machine)
                    var m = ["publish1p1c": one.publishRate, "consume1p1c": one.consumeRate,
                             "fanout4Delivered": four.consumeRate,
                             "p50us10k": omb.aggregatedEndToEndLatency50pct * 1000, "p99us10k": omb.aggregatedEndToEndLatency99pct * 1000,
                             "publishP99us10k": omb.aggregatedPublishLatency99pct * 1000]
                    // Replay: a subscriber that arrives after the history was sent and read.
                    let probe = try Runner.replayProbe(kind, w, records: full ? 50_000 : 20_000, joinSeconds: kind == .kafka ? 8 : 3)
                    m["replaySent"] = Double(probe.sent)
                    m["replayLate"] = Double(probe.lateSubscriber)
                    m["replayFirstSeconds"] = probe.secondsToFirstMessage ?? -1
                    m["replayRate"] = probe.replayRate
                    realNotes[label, default: []].append("late subscriber: \(probe.how)")
                    // Keyed order with two competing consumers in one subscription.
                    if label.contains("stream queues") {
                        realNotes[label, default: []].append("keyed order not run: stream consumers do not compete (each reads the whole stream)")
                    } else {
                        var k = Self.keyedWorkload()
                        k.name = "\(tag)-keyed-order"
                        session.adjust(&k)
                        let keyed = try measure(kind, k, duration: full ? 5 : 2, warmup: kind == .kafka ? 6 : warmup) { $0.trackKeyOrder = true }
                        note(keyed, "\(kind.rawValue) keyed order")
                        m["keyedInversions"] = Double(keyed.keyOrderInversions.first ?? 0)
                        m["keyedReceived"] = Double(keyed.totalReceived)
                        m["keyedConsumersUsed"] = Double(keyed.consumerReceived.filter { $0 > 0 }.count)
                    }
                    real[label] = m
                } catch {
                    skipped.append("\(label): \(error)")
                    progress("   skipped \(label): \(error)")
                }
            }
        }

        var report = Report(
            machine: machine, full: full, batches: batches,
            throughputByBatch: tput.mapValues { $0.map(Spread.init) },
            latencyAt1M: latency, maxRate16Partitions: maxRate.mapValues(Spread.init),
            fanout: fanout, fanoutDelivered: delivered.mapValues { $0.map(Spread.init) }, fanoutStorageBytes: storage,
            replay: replay, slowConsumer: slow, slowConsumerLost: slowLost, slowConsumerWindowSeconds: slowWindow,
            competingConsumers: competing, keyedOrder: keyed, lockOpsPerSecond: locks.mapValues(Spread.init),
            allVerified: unverified.isEmpty, unverified: unverified)
        report.fanout4Rings = fanoutRings
        report.latencyDistributionAt1M = latencyDistribution
        report.whereTheCyclesGo = counters ? cycles : nil
        report.fanout4ByRingDelivered = byRing.mapValues { $0.map(Spread.init) }
        report.fanout4ByRingStorageBytes = byRingStorage
        report.realSystems = real
        report.realSystemsSkipped = skipped
        report.realSystemsNotes = realNotes
        try write(report)
        if let leftover = try staged.commit() { progress("the previous results could not all be deleted: \(leftover)/") }
        return report
    }

    /// Checks that an existing `directory` is a result folder (or empty): `run()` replaces it
    /// as a whole, so it refuses any other folder.
    static func checkReplaceable(_ directory: String) throws(OutputPathError) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory), !entries.isEmpty else { return }
        if !entries.contains(where: { ["report.md", "summary.json", "runs"].contains($0) }) {
            throw OutputPathError("output folder '\(directory)' exists and holds no report.md, summary.json or runs/: "
                                  + "compare replaces its folder as a whole, so give a new folder or a previous compare folder")
        }
    }

    /// 16 keys round-robin over 4 partitions, two competing consumers in one subscription.
    static func keyedWorkload() -> Workload {
        var w = base("keyed-order")
        w.partitionsPerTopic = 4
        w.consumerPerSubscription = 2
        w.keyDistributor = .keyRoundRobin
        w.ringlog.keyCount = 16
        w.ringlog.batchSize = 16
        return w
    }

    /// A late group on the log replays everything; a late consumer on a queue gets nothing.
    static func replay(records: Int) throws -> [String: Double] {
        let log = EventLog()
        let topic = try log.createTopic("history", configuration: TopicConfiguration(
            partitions: 1, partition: PartitionConfiguration(capacity: 1 << 26, producerMode: .single)))
        let producer = log.makeProducer()
        let value = [UInt8](repeating: 7, count: 100)
        for _ in 0..<records { try producer.send(topic, key: nil, value: value) }
        let early = try log.makeConsumer(group: "early", topics: ["history"], configuration: .init(autoOffsetReset: .earliest, maxPollRecords: 4096))
        var first = 0
        while true { let n = try early.poll { _, _ in }; if n == 0 { break }; first += n }
        early.commitSync()
        let late = try log.makeConsumer(group: "late", topics: ["history"], configuration: .init(autoOffsetReset: .earliest, maxPollRecords: 4096))
        let t0 = monotonicNanoseconds()
        var replayed = 0
        while true { let n = try late.poll { _, _ in }; if n == 0 { break }; replayed += n }
        let seconds = Double(monotonicNanoseconds() - t0) / 1e9
        let queue = try MPMCQueue(QueueConfiguration(slots: 1 << 18, maxMessageBytes: 100))
        var enqueued = 0
        while enqueued < records { enqueued += queue.enqueue(count: min(256, records - enqueued)) { _, _ in 100 } }
        var drained = 0
        while true { let n = queue.dequeue(max: 4096) { _ in }; if n == 0 { break }; drained += n }
        var lateQueue = 0
        while true { let n = queue.dequeue(max: 4096) { _ in }; if n == 0 { break }; lateQueue += n }
        return ["records": Double(records), "logFirstGroup": Double(first), "logLateGroup": Double(replayed),
                "logReplayPerSecond": Double(replayed) / max(seconds, 1e-9),
                "queueFirstConsumer": Double(drained), "queueLateConsumer": Double(lateQueue)]
    }

    /// Messages per second through a mutex queue, one at a time, with `pairs` producer and
    /// `pairs` consumer threads contending for its lock.
    static func lockContention(_ lock: QueueLock, pairs: Int, seconds: Double) throws -> Double {
        let q = try MutexQueue(QueueConfiguration(slots: 1 << 12, maxMessageBytes: 16), lock: lock)
        let done = LockedValue(0)
        let end = monotonicNanoseconds() + Int64(seconds * 1e9)
        var threads: [PlatformThread] = []
        for _ in 0..<pairs {
            threads.append(PlatformThread {
                while monotonicNanoseconds() < end { if q.enqueue(count: 1, { _, _ in 8 }) == 0 { PlatformThread.yield() } }
            })
            threads.append(PlatformThread {
                var n = 0
                while monotonicNanoseconds() < end { n += q.dequeue(max: 1) { _ in } }
                done.withLock { $0 += n }
            })
        }
        for t in threads { t.join() }
        return Double(done.withLock { $0 }) / seconds
    }
}
