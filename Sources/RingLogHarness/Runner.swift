import Synchronization
import RingLog
import RingLogQueue
import RingLogPlatform

/// How one run is carried out (the workload says what; these say how long and how).
public struct RunOptions: Sendable {
    public var workload: Workload
    /// Measured phase and warm-up, in seconds (the workload's minutes unless overridden).
    public var durationSeconds: Double
    public var warmupSeconds: Double
    /// Width of the reported time windows (OMB uses 10 s; default 1 s).
    public var windowSeconds: Double = 1
    /// After the producers stop, consumers drain at most this long.
    public var drainTimeoutSeconds: Double = 10
    /// Count per-key order inversions within each consumer (keyed-ordering experiment).
    public var trackKeyOrder = false
    /// Check the payload CRC32C of every n-th message a consumer receives (1: all; 0: none).
    /// Every message's header check word, sequence and order are checked regardless.
    public var payloadCheckEvery = 1
    /// Subscription index whose consumers spend this many ns per message (slow-consumer experiment).
    public var slowSubscription: Int? = nil
    public var slowNanosecondsPerMessage: Int64 = 0
    /// Called with a progress line at each window end (nil: silent).
    public var progress: (@Sendable (String) -> Void)? = nil
    /// Called once when every thread is started, with the placement and memory lines.
    public var onStart: (@Sendable (String) -> Void)? = nil

    public init(workload: Workload, durationSeconds: Double? = nil, warmupSeconds: Double? = nil) {
        self.workload = workload
        self.durationSeconds = durationSeconds ?? workload.testDurationMinutes * 60
        self.warmupSeconds = warmupSeconds ?? workload.warmupDurationMinutes * 60
    }
}

/// What one run measured.
public struct RunResult: Sendable {
    public var driver: String
    public var driverSettings: [String: String]
    public var series: [WindowStats]
    public var aggregate: WindowStats
    public var windowSeconds: Double
    public var durationSeconds: Double
    /// Per subscription (topic-major), verification counts.
    public var verification: [VerificationCounts]
    public var verified: Bool
    public var lossless: Bool
    public var ordered: Bool
    public var storageBytes: Int
    public var waitStrategy: String
    /// What each thread's pinning came to, read back from its affinity mask after the pin call
    /// (`consumer0.0→cpu1`, or `…→unpinned (why)`), then the placement's notes; `none` unpinned.
    public var pinning: [String]
    /// The CPUs the process could run on (its affinity mask) when the run started.
    public var availableCPUs: [Int] = []
    /// Times producers were pushed back (full ring or queue) and consumers found nothing.
    public var producerStalls: Int
    public var emptyPolls: Int
    public var busyPolls: Int
    /// Waits inside the driver on a full ring (log, block retention): episodes, spins, yields, parks.
    public var producerWaits: [String: Int]
    /// Messages over the whole run (warm-up, measured phase and drain), as verified.
    public var totalSent: Int
    public var totalReceived: Int
    /// The warm-up before the measured phase, in seconds.
    public var warmupSeconds = 0.0
    /// Hypervisor steal time during the measured phase, ms summed over CPUs (nil: unknown).
    public var hostStealMilliseconds: Double? = nil
    /// Sends that failed (the driver threw), over the whole run, warm-up and drain included;
    /// the per-window `publishErrorRate` counts only those in the measured windows.
    public var sendErrors = 0
    /// Messages each consumer received, subscription-major.
    public var consumerReceived: [Int]
    /// Per subscription: messages processed after a later message of the same key (by a
    /// global processing order). Only with `trackKeyOrder`.
    public var keyOrderInversions: [Int]

    /// Messages per second over the measured phase.
    public var publishRate: Double { Double(aggregate.sent) / durationSeconds }
    public var consumeRate: Double { Double(aggregate.received) / durationSeconds }
    /// Average messages per non-empty poll (Disruptor's batch effect).
    public var achievedBatch: Double { busyPolls == 0 ? 0 : Double(totalReceived) / Double(busyPolls) }
}

/// Something done with a concrete driver (run a workload, probe replay), so that the one switch
/// in `Runner.withDriver` builds every kind and the work stays generic, not existential.
protocol _DriverVisitor {
    associatedtype Output
    func visit<D: BenchmarkDriver>(_ driver: D, spin: Bool) throws -> Output
}

struct _RunVisitor: _DriverVisitor {
    let options: RunOptions
    func visit<D: BenchmarkDriver>(_ driver: D, spin: Bool) throws -> RunResult { try Runner.run(driver, options, spin: spin) }
}

/// Runs a workload against a driver: producer and consumer threads as the workload says,
/// open-loop rate limiting (latency from the intended send time), warm-up, windows,
/// histograms, self-verification. The harness's own thread sleeps meanwhile.
public enum Runner {
    /// Builds the driver `kind` for `options` and runs it.
    /// - Throws: `WorkloadError` for options outside `WorkloadLimits` (before anything is
    ///   allocated), a driver's error, or `HarnessError`.
    public static func run(_ kind: DriverKind, _ options: RunOptions) throws -> RunResult {
        try options.validate()
        try checkSettings(kind: kind, options.workload)
        try RunFootprint(kind: kind, options: options).check()
        return try withDriver(kind, options.workload, _RunVisitor(options: options))
    }

    /// Builds the driver `kind` for workload `w` and hands it to `visitor` (one switch over
    /// the kinds for every experiment that needs a concrete, specialized driver).
    static func withDriver<V: _DriverVisitor>(_ kind: DriverKind, _ w: Workload, _ visitor: V) throws -> V.Output {
        let k = w.ringlog
        let wait = try RunPlacement(workload: w).waitStrategy(k.waitStrategy, threads: RunPlacement.threads(of: w))
        switch kind {
        case .log:
            try LogDriver.checkFits(w)
            let driver = LogDriver(ringCapacity: k.ringCapacity, retention: k.retention, waitStrategy: wait,
                                   producersPerTopic: w.producersPerTopic, keys: KeyTable(), hugePages: k.hugePages)
            return try visitor.visit(driver, spin: wait == .busySpin)
        case .queue:
            let slots = queueSlots(k.ringCapacity * w.partitionsPerTopic, messageSize: w.messageSize)
            if w.producersPerTopic == 1 && w.consumerPerSubscription == 1 {
                return try visitor.visit(QueueDriver<SPSCQueue>(label: "ringlog-queue", slots: slots, maxMessageBytes: w.messageSize,
                                                               subscriptionsPerTopic: w.subscriptionsPerTopic), spin: wait == .busySpin)
            }
            return try visitor.visit(QueueDriver<MPMCQueue>(label: "ringlog-queue", slots: slots, maxMessageBytes: w.messageSize,
                                                           subscriptionsPerTopic: w.subscriptionsPerTopic), spin: wait == .busySpin)
        case .redis:
            #if Redis
            return try visitor.visit(RedisDriver(consumersPerSubscription: w.consumerPerSubscription), spin: false)
            #else
            throw HarnessError.driver("the redis driver is not built in: install libhiredis-dev and build with --traits Redis")
            #endif
        case .kafka:
            #if Kafka
            return try visitor.visit(KafkaDriver(partitions: w.partitionsPerTopic, subscriptions: w.topics * w.subscriptionsPerTopic, keys: KeyTable(),
                                                 bootstrapServers: k.bootstrapServers, producerOverrides: k.kafkaProducerSettings),
                                     spin: false)
            #else
            throw HarnessError.driver("the kafka driver is not built in: install librdkafka-dev and build with --traits Kafka")
            #endif
        case .nats:
            #if NATS
            return try visitor.visit(NATSDriver(consumersPerSubscription: w.consumerPerSubscription), spin: false)
            #else
            throw HarnessError.driver("the nats driver is not built in: install libnats-dev and build with --traits NATS")
            #endif
        case .rabbitmq:
            #if RabbitMQ
            return try visitor.visit(RabbitMQDriver(subscriptions: w.subscriptionsPerTopic, consumersPerSubscription: w.consumerPerSubscription),
                                     spin: false)
            #else
            throw HarnessError.driver("the rabbitmq driver is not built in: install librabbitmq-dev and build with --traits RabbitMQ")
            #endif
        case .mutexQueue:
            return try visitor.visit(QueueDriver<MutexQueue>(label: "ringlog-mutex-queue", slots: queueSlots(k.ringCapacity * w.partitionsPerTopic, messageSize: w.messageSize),
                                                            maxMessageBytes: w.messageSize, subscriptionsPerTopic: w.subscriptionsPerTopic),
                                     spin: wait == .busySpin)
        }
    }

    /// Spin only when every thread has a CPU of its own; otherwise yield (spinning threads
    /// that outnumber CPUs collapse throughput by orders of magnitude).
    /// - Parameter cpus: the CPUs the threads may share: by default the process's affinity mask
    ///   (`PlatformThread.availableCPUs`); a pinned run passes its placement's distinct CPUs
    ///   (`RunPlacement.waitStrategy`).
    public static func waitStrategy(_ name: String, threads: Int, cpus: Int = PlatformThread.availableCPUs) -> WaitStrategy {
        switch name {
        case "spin": return .busySpin
        case "yield": return .spinThenYield()
        case "park": return .spinThenPark()
        default: return threads <= cpus ? .busySpin : .spinThenYield(spins: 64)
        }
    }

    /// Queue slots holding about as many messages as log rings of `ringBytes` in all do (a
    /// topic's partitions together), so both buffer the same backlog.
    static func queueSlots(_ ringBytes: Int, messageSize: Int) -> Int {
        var slots = 2
        // The log's partitions store no per-record checksum (the harness checks payloads itself).
        let frame = (try? BatchAppender.frameSize(keyLength: nil, valueLength: messageSize, checksum: false)) ?? messageSize
        while slots * 2 * frame <= ringBytes && slots < 1 << 24 { slots *= 2 }
        return slots
    }

    /// Per-thread shared state of a run (atomics on their own lines via `_RunFlags`).
    final class Shared: @unchecked Sendable {
        let stopProducers = Atomic<Bool>(false)
        let stopConsumers = Atomic<Bool>(false)
        let failures = LockedValue([String]())
        let verifiers = LockedValue([Int: [Verifier]]())
        let sent = LockedValue([Int: Int]())
        let counters = LockedValue((stalls: 0, empty: 0, busy: 0))
        let perConsumer = LockedValue([Int: Int]())
        let keyEvents = LockedValue([Int: [(UInt64, UInt64, UInt64)]]())
        let ticket = Atomic<UInt64>(0)
        /// Backlog workloads: consumers wait until the backlog is built.
        let consumersPaused = Atomic<Bool>(false)
        /// Messages sent so far, all producers (for the backlog monitor).
        let sentLive = Atomic<Int>(0)
        let received: UnsafeMutablePointer<Atomic<Int>>
        let subscriptions: Int
        init(subscriptions: Int) {
            self.subscriptions = subscriptions
            received = .allocate(capacity: subscriptions * 16)
            for i in 0..<(subscriptions * 16) { (received + i).initialize(to: Atomic(0)) }
        }
        deinit { received.deallocate() }
        /// One counter per subscription, 128 bytes apart.
        func receivedCounter(_ s: Int) -> UnsafeMutablePointer<Atomic<Int>> { received + s * 16 }
    }

    public static func run<D: BenchmarkDriver>(_ driver: D, _ options: RunOptions, spin: Bool) throws -> RunResult {
        try options.validate()
        let w = options.workload
        let payloads = try PayloadPool(workload: w)
        let placement = try RunPlacement(workload: w)
        for t in 0..<w.topics {
            // A topic's rings live on the node of its first consumer (consumers are placed first).
            let node = placement.plan.flatMap { placement.topology.cpu($0.cpus[t * w.subscriptionsPerTopic * w.consumerPerSubscription])?.node }
            try driver.createTopic(index: t, partitions: w.partitionsPerTopic, numaNode: node)
        }
        let subscriptions = w.topics * w.subscriptionsPerTopic
        let producersTotal = w.topics * w.producersPerTopic
        let shared = Shared(subscriptions: subscriptions)
        let batch = w.ringlog.batchSize
        let pinOutcomes = LockedValue([Int: String]())
        var consumers: [(topic: Int, sub: Int, index: Int, consumer: D.Consumer)] = []
        for t in 0..<w.topics {
            for s in 0..<w.subscriptionsPerTopic {
                for c in 0..<w.consumerPerSubscription {
                    consumers.append((t, s, c, try driver.makeConsumer(topic: t, subscription: s, index: c)))
                }
            }
        }
        var producers: [(topic: Int, global: Int, producer: D.Producer)] = []
        for t in 0..<w.topics {
            for p in 0..<w.producersPerTopic {
                producers.append((t, t * w.producersPerTopic + p, try driver.makeProducer(topic: t, index: p)))
            }
        }
        let now0 = monotonicNanoseconds()
        let start = now0 + 20_000_000 // threads start together 20 ms from now
        let measureStart = start + Int64(options.warmupSeconds * 1e9)
        let end = measureStart + Int64(options.durationSeconds * 1e9)
        let store = WindowStore(measureStart: measureStart, end: end, width: Int64(options.windowSeconds * 1e9))
        let perProducerRate = w.producerRate > 0 ? Double(w.producerRate) / Double(producersTotal) : 0
        // OMB's backlog workloads: consumers wait until `consumerBacklogSizeGB` is queued up, then
        // drain it while producers go on; the run lasts until the backlog is drained.
        let backlogMode = w.consumerBacklogSizeGB > 0
        let backlogTarget = Int(w.consumerBacklogSizeGB * 1e9) / w.messageSize
        // relaxed: set before any thread starts.
        if backlogMode { shared.consumersPaused.store(true, ordering: .relaxed) }
        var backlogPeak = 0
        var backlogNote = ""
        var threads: [PlatformThread] = []
        var pinSlot = 0
        // Each thread pins itself first thing and records the CPU its mask reads back.
        func nextPin(_ label: String) -> _PinRequest? {
            guard let plan = placement.plan else { return nil }
            defer { pinSlot += 1 }
            return _PinRequest(label: label, cpu: plan.cpus[pinSlot], slot: pinSlot, outcomes: pinOutcomes)
        }

        for entry in consumers {
            let handOver = _HandOver(entry.consumer)
            let consumerIndex = entry.index
            let subscription = entry.topic * w.subscriptionsPerTopic + entry.sub
            let slow = options.slowSubscription == entry.sub ? options.slowNanosecondsPerMessage : 0
            let checkEvery = options.payloadCheckEvery
            let bodyLength = payloads.bodyLength
            let trackKeys = options.trackKeyOrder
            let plain = !trackKeys && slow == 0
            let checkAll = checkEvery == 1
            let crc32c = CRC32C.resolved()
            let partitions = w.partitionsPerTopic
            // The topic's producers are numbered from here; its verifier counts from 0.
            let firstProducer = entry.topic * w.producersPerTopic
            let consumerSlot = consumers.firstIndex { $0.topic == entry.topic && $0.sub == entry.sub && $0.index == entry.index }!
            let pin = nextPin("consumer\(subscription).\(entry.index)")
            threads.append(PlatformThread {
                pin?.apply()
                var consumer = handOver.value
                var recorder = ThreadRecorder(store: store)
                // Sized for this topic's producers: per-run state grows linearly in topics.
                let verifier = Verifier(producers: w.producersPerTopic, partitions: partitions, trackKeys: trackKeys)
                // (producer << 32 | key, sequence, global processing ticket) per message.
                var events: [(UInt64, UInt64, UInt64)] = []
                var empty = 0, busy = 0, idle = 0, untilCheck = 1
                let counter = shared.receivedCounter(subscription)
                while monotonicNanoseconds() < start { PlatformThread.yield() }
                while !shared.stopConsumers.load(ordering: .relaxed) {
                    // relaxed: a flag the harness thread flips once; order does not matter.
                    if shared.consumersPaused.load(ordering: .relaxed) { PlatformThread.sleep(nanoseconds: 1_000_000); continue }
                    var now: Int64 = 0
                    // One message: header, payload check, verifier, latency; `extras` (key-order
                    // events, the slow consumer's delay) is a constant in each call site below, so
                    // the common poll loop carries no test for them.
                    @inline(__always)
                    func take(_ partition: Int, _ m: UnsafeRawBufferPointer, extras: Bool) {
                        if now == 0 { now = monotonicNanoseconds(); recorder.roll(now) }
                        guard let h = MessageHeader.read(m) else {
                            verifier.record(producer: Int.max, sequence: 0, partition: partition, key: 0, intact: false)
                            return
                        }
                        var intact = h.checkOK && m.count == bodyLength + MessageHeader.size
                        // Every payload by default; else every `checkEvery`-th intact one (0: none).
                        var check = checkAll
                        if !checkAll && checkEvery > 0 && intact {
                            untilCheck &-= 1
                            if untilCheck == 0 { untilCheck = checkEvery; check = true }
                        }
                        if check && intact {
                            intact = crc32c(UnsafeRawBufferPointer(rebasing: m[MessageHeader.size...])) == h.bodyCRC
                        }
                        verifier.record(producer: Int(h.producer) &- firstProducer, sequence: h.sequence, partition: partition, key: h.key, intact: intact)
                        // A wrapped difference (a corrupt timestamp) clamps like any other.
                        recorder.endToEnd.record(now &- h.intended)
                        guard extras else { return }
                        if trackKeys {
                            // relaxed: only the order of tickets matters; each is unique.
                            events.append((UInt64(h.producer) << 32 | UInt64(h.key), h.sequence, shared.ticket.wrappingAdd(1, ordering: .relaxed).oldValue))
                        }
                        if slow > 0 {
                            let until = monotonicNanoseconds() + slow
                            while monotonicNanoseconds() < until { CPU.relax() }
                        }
                    }
                    let n: Int
                    do {
                        if plain {
                            n = try consumer.poll(max: batch) { take($0, $1, extras: false) }
                        } else {
                            n = try consumer.poll(max: batch) { take($0, $1, extras: true) }
                        }
                    } catch {
                        shared.failures.withLock { $0.append("consumer \(subscription).\(consumerIndex): \(error)") }
                        break
                    }
                    if n > 0 {
                        busy += 1
                        idle = 0
                        if recorder.window >= 0 && recorder.window != Int.max { recorder.stats.received += n }
                        // relaxed: a progress count; the final tally is read after the threads are joined.
                        counter.pointee.wrappingAdd(n, ordering: .relaxed)
                    } else {
                        empty += 1
                        idle += 1
                        if spin { CPU.relax() } else { backoff(idle) }
                    }
                }
                recorder.flush()
                consumer.close()
                shared.verifiers.withLock { $0[subscription, default: []].append(verifier) }
                shared.perConsumer.withLock { $0[consumerSlot] = verifier.received }
                if trackKeys { shared.keyEvents.withLock { $0[subscription, default: []].append(contentsOf: events) } }
                shared.counters.withLock { $0.empty += empty; $0.busy += busy }
            })
        }

        for entry in producers {
            let handOver = _HandOver(entry.producer)
            let g = entry.global
            let keyMode = w.keyDistributor
            let keyCount = w.ringlog.keyCount
            let size = w.messageSize
            let pin = nextPin("producer\(g)")
            threads.append(PlatformThread {
                pin?.apply()
                var producer = handOver.value
                var recorder = ThreadRecorder(store: store)
                var sequence: UInt64 = 0
                var stalls = 0
                var keyCounter = g * 7919
                let interval = perProducerRate > 0 ? 1e9 / perProducerRate : 0
                var intendedNext = Double(start)
                var messages = MessageBatch(payloads: payloads, producer: g, keyMode: keyMode, keyCount: keyCount, interval: interval)
                while monotonicNanoseconds() < start { PlatformThread.yield() }
                while true {
                    let now = monotonicNanoseconds()
                    if now >= end || shared.stopProducers.load(ordering: .relaxed) { break }
                    recorder.roll(now)
                    var n = batch
                    if interval > 0 {
                        let due = (Double(now) - intendedNext) / interval
                        if due < 0 {
                            // Not yet time: spin when cores allow and the wait is short, else sleep.
                            if spin && due > -2 { CPU.relax() } else if due > -20 { PlatformThread.yield() } else {
                                PlatformThread.sleep(nanoseconds: Int64(-due * interval * 0.5))
                            }
                            continue
                        }
                        n = Swift.min(batch, Int(due) + 1)
                    }
                    messages.firstSequence = sequence
                    messages.keyBase = keyCounter
                    messages.now = now
                    messages.intendedNext = intendedNext
                    let sent: Int
                    do {
                        sent = try producer.send(count: n, size: size, messages: &messages)
                    } catch {
                        recorder.stats.sendErrors += 1
                        if case RingLogError.closed = error { break }
                        shared.failures.withLock { $0.append("producer \(g): \(error)") }
                        break
                    }
                    if sent == 0 {
                        stalls += 1
                        backoff(stalls)
                        continue
                    }
                    let after = monotonicNanoseconds()
                    sequence &+= UInt64(sent)
                    keyCounter &+= sent
                    // relaxed: a progress count for the backlog monitor.
                    if backlogMode { shared.sentLive.wrappingAdd(sent, ordering: .relaxed) }
                    if recorder.window >= 0 && recorder.window != Int.max {
                        recorder.stats.sent += sent
                    }
                    let acked = producer.takeAckLatencies { ns in _ = recorder.stats.publishLatency.record(ThreadRecorder.clamp(ns)) }
                    if !acked { _ = recorder.stats.publishLatency.record(ThreadRecorder.clamp(after - now), count: UInt64(sent)) }
                    if interval > 0 {
                        for i in 0..<sent {
                            recorder.publishDelay.record(now - Int64(intendedNext + Double(i) * interval))
                        }
                        intendedNext += Double(sent) * interval
                    } else {
                        _ = recorder.stats.publishDelay.record(1, count: UInt64(sent))
                    }
                }
                recorder.flush()
                shared.sent.withLock { $0[g] = Int(sequence) }
                shared.counters.withLock { $0.stalls += stalls }
            })
        }

        // The threads pin before they wait for `start`; the lines below report what took effect.
        let pinDeadline = monotonicNanoseconds() + 2_000_000_000
        while pinOutcomes.withLock({ $0.count }) < pinSlot && monotonicNanoseconds() < pinDeadline {
            PlatformThread.sleep(nanoseconds: 1_000_000)
        }
        let outcomes = pinOutcomes.withLock { $0 }
        let pinning = (0..<pinSlot).map { outcomes[$0] ?? "thread \($0)→unknown (it did not report its pinning)" }
        let notes = placement.plan?.notes.map { "note: \($0)" } ?? []
        options.onStart?("placement: \((pinning.isEmpty ? ["none (unpinned)"] : pinning + notes).joined(separator: ", "))"
                         + "; \(placement.summary); wait: \(spin ? "busy-spin" : "spin-yield")"
                         + (driver.settings["hugePages"].map { "\nmemory: \($0)" } ?? ""))
        // The harness thread sleeps: a progress line per window, then stop and drain.
        var stealAtMeasureStart: Double?
        var stealSampled = false
        var lastPrint = start
        var lastGrowth = start, lastBacklog = -1
        func receivedSoFar() -> Int { (0..<subscriptions).reduce(0) { $0 + shared.receivedCounter($1).pointee.load(ordering: .relaxed) } }
        while monotonicNanoseconds() < end {
            PlatformThread.sleep(nanoseconds: 50_000_000)
            let now = monotonicNanoseconds()
            if !stealSampled && now >= measureStart { stealSampled = true; stealAtMeasureStart = HostSteal.milliseconds() }
            // relaxed: monitoring reads.
            if backlogMode && shared.consumersPaused.load(ordering: .relaxed) {
                let backlog = w.subscriptionsPerTopic * shared.sentLive.load(ordering: .relaxed) - receivedSoFar()
                if backlog > lastBacklog { lastBacklog = backlog; lastGrowth = now }
                backlogPeak = max(backlogPeak, backlog)
                let stalled = now - lastGrowth > 1_000_000_000
                if backlog >= backlogTarget || stalled {
                    if stalled && backlog < backlogTarget {
                        backlogNote = "backlog capped at \(backlog) messages (\(backlog * w.messageSize) bytes): the driver holds no more than that; the workload asked for \(backlogTarget)"
                    }
                    shared.consumersPaused.store(false, ordering: .relaxed)
                    options.progress?("  backlog of \(backlog) messages built; consumers drain it")
                }
            }
            if let progress = options.progress, now - lastPrint >= store.width {
                lastPrint = now
                let phase = now < measureStart ? "warm-up" : "measure"
                var received = 0
                for s in 0..<subscriptions { received += shared.receivedCounter(s).pointee.load(ordering: .relaxed) }
                progress(String(format: "  [%@] %.0f s: received %d", phase, Double(now - start) / 1e9, received))
            }
        }
        var steal: Double?
        if let before = stealAtMeasureStart, let after = HostSteal.milliseconds() { steal = after - before }
        // relaxed: a flag polled by the producers; joining them orders everything after.
        shared.stopProducers.store(true, ordering: .relaxed)
        // A backlog not reached by the end: the run did not measure what the workload asked for.
        // Consumers start now, before the producers are joined: a producer waiting for ring space
        // (block retention) gets it only once consumers read.
        // relaxed: monitoring read and a flag the consumers poll.
        if backlogMode && shared.consumersPaused.load(ordering: .relaxed) {
            shared.failures.withLock {
                $0.append("the backlog of \(backlogTarget) messages was not built before the run ended (peak \(backlogPeak)): a longer run, a higher producerRate or a smaller consumerBacklogSizeGB")
            }
            shared.consumersPaused.store(false, ordering: .relaxed)
        }
        let producerThreads = threads[consumers.count...]
        for t in producerThreads { t.join() }
        let sentCounts = shared.sent.withLock { $0 }
        let sent = (0..<producersTotal).map { sentCounts[$0] ?? 0 }
        // Drain: every subscription has what its topic's producers sent, or the timeout passed.
        // A driver that may lose messages (overwrite retention) never gets them all: it is
        // drained once no subscription received anything for `lossyIdleNanoseconds`.
        // relaxed: as above (a backlog never reached by the end is drained now).
        shared.consumersPaused.store(false, ordering: .relaxed)
        let drainDeadline = monotonicNanoseconds() + Int64((backlogMode ? max(60, options.drainTimeoutSeconds) : options.drainTimeoutSeconds) * 1e9)
        let lossyIdleNanoseconds: Int64 = 100_000_000
        var lastReceived = [Int](repeating: -1, count: subscriptions)
        var idleSince = monotonicNanoseconds()
        while monotonicNanoseconds() < drainDeadline {
            var done = true
            var moved = false
            for s in 0..<subscriptions {
                let topic = s / w.subscriptionsPerTopic
                let expected = (topic * w.producersPerTopic..<(topic + 1) * w.producersPerTopic).reduce(0) { $0 + sent[$1] }
                let received = shared.receivedCounter(s).pointee.load(ordering: .relaxed)
                if received < expected { done = false }
                if received != lastReceived[s] { moved = true; lastReceived[s] = received }
            }
            if done { break }
            let now = monotonicNanoseconds()
            if moved { idleSince = now } else if !driver.lossless && now - idleSince >= lossyIdleNanoseconds { break }
            PlatformThread.sleep(nanoseconds: 2_000_000)
        }
        // relaxed: as above.
        shared.stopConsumers.store(true, ordering: .relaxed)
        for t in threads[..<consumers.count] { t.join() }
        driver.shutdown()

        let (series, aggregate, sendErrors) = store.collect()
        let verifiers = shared.verifiers.withLock { $0 }
        var verification: [VerificationCounts] = []
        for s in 0..<subscriptions {
            let topic = s / w.subscriptionsPerTopic
            verification.append(Verifier.merge(verifiers[s] ?? [], sent: sent,
                                               producers: topic * w.producersPerTopic..<(topic + 1) * w.producersPerTopic))
        }
        var failures = shared.failures.withLock { $0 }
        // A verdict needs something to verify: a run that sent nothing, or a subscription that
        // received nothing, verifies nothing.
        if sent.reduce(0, +) == 0 {
            failures.append("no message was sent in the run: nothing to verify")
        } else {
            for (s, v) in verification.enumerated() where v.received == 0 {
                failures.append("subscription \(s) received nothing: nothing to verify")
            }
        }
        let counters = shared.counters.withLock { $0 }
        let verified = failures.isEmpty && verification.allSatisfy { $0.verified(lossless: driver.lossless, ordered: driver.ordersPerPartition) }
        let perConsumer = shared.perConsumer.withLock { $0 }
        let keyEvents = shared.keyEvents.withLock { $0 }
        var inversions: [Int] = []
        for s in 0..<subscriptions {
            // Processing order = ticket order; a message is inverted when a later message of its
            // key was processed before it.
            let events = (keyEvents[s] ?? []).sorted { $0.2 < $1.2 }
            var highest: [UInt64: UInt64] = [:]
            var count = 0
            for (key, seq, _) in events {
                if let h = highest[key], seq < h { count += 1 } else { highest[key] = seq }
            }
            inversions.append(count)
        }
        var settings = driver.settings
        if backlogMode {
            settings["backlog"] = "target \(backlogTarget) messages, peak \(backlogPeak)" + (backlogNote.isEmpty ? "" : "; \(backlogNote)")
        }
        if !failures.isEmpty { settings["failures"] = failures.prefix(5).joined(separator: "; ") }
        var result = RunResult(
            driver: driver.name, driverSettings: settings, series: series, aggregate: aggregate,
            windowSeconds: options.windowSeconds, durationSeconds: options.durationSeconds,
            verification: verification, verified: verified, lossless: driver.lossless, ordered: driver.ordersPerPartition,
            storageBytes: driver.storageBytes, waitStrategy: spin ? "busy-spin" : "spin-yield",
            pinning: pinning.isEmpty ? ["none"] : pinning + notes, availableCPUs: placement.available,
            producerStalls: counters.stalls, emptyPolls: counters.empty, busyPolls: counters.busy,
            producerWaits: driver.producerWaitCounters,
            totalSent: sent.reduce(0, +), totalReceived: verification.reduce(0) { $0 + $1.received },
            consumerReceived: (0..<consumers.count).map { perConsumer[$0] ?? 0 }, keyOrderInversions: inversions)
        result.hostStealMilliseconds = steal
        result.sendErrors = sendErrors
        result.warmupSeconds = options.warmupSeconds
        return result
    }
}

/// Moves a value to the thread that will own it (the runner creates producers and consumers,
/// then each is used by exactly one thread).
final class _HandOver<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
