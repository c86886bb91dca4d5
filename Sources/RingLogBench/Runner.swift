import RingLog
import RingLogQueue
import RingLogPlatform

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
    static func withDriver<V: DriverVisitor>(_ kind: DriverKind, _ w: Workload, _ visitor: V) throws -> V.Output {
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
        case .mutexQueue:
            return try visitor.visit(QueueDriver<MutexQueue>(label: "ringlog-mutex-queue", slots: queueSlots(k.ringCapacity * w.partitionsPerTopic, messageSize: w.messageSize),
                                                            maxMessageBytes: w.messageSize, subscriptionsPerTopic: w.subscriptionsPerTopic),
                                     spin: wait == .busySpin)
        case .redis, .kafka, .nats, .rabbitmq:
            guard let factory = DriverRegistry.factory(for: kind) else {
                throw HarnessError.driver("the \(kind.rawValue) driver is not built in: \(kind.buildHint)")
            }
            return try factory.withDriver(for: w, visitor)
        }
    }

    /// Spin only when every thread has a CPU of its own; otherwise yield (spinning threads
    /// that outnumber CPUs collapse throughput by orders of magnitude).
    /// - Parameters:
    ///   - choice: the strategy asked for (`.auto`: spin or yield by the count below).
    ///   - threads: how many threads will wait.
    ///   - cpus: the CPUs the threads may share: by default the process's affinity mask
    ///     (`PlatformThread.availableCPUs`); a pinned run passes its placement's distinct CPUs
    ///     (`RunPlacement.waitStrategy`).
    public static func waitStrategy(_ choice: WaitChoice, threads: Int, cpus: Int = PlatformThread.availableCPUs) -> WaitStrategy {
        switch choice {
        case .spin: return .busySpin
        case .yield: return .spinThenYield()
        case .park: return .spinThenPark()
        case .auto: return threads <= cpus ? .busySpin : .spinThenYield(spins: 64)
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

    /// Runs `options` against `driver`, in named parts: topics and clients are created, the
    /// consumer and producer threads start together (`_ConsumerLoop`, `_ProducerLoop`), the
    /// harness thread watches the run (`watch`), stops the producers, drains the consumers
    /// (`drain`), and the verdict and figures are assembled (`outcome`).
    public static func run<D: BenchmarkDriver>(_ driver: D, _ options: RunOptions, spin: Bool) throws -> RunResult {
        try options.validate()
        let w = options.workload
        let placement = try RunPlacement(workload: w)
        try createTopics(driver, w, placement: placement)
        let clients = try _RunClients(driver, w)
        let timeline = _RunTimeline(warmupSeconds: options.warmupSeconds, durationSeconds: options.durationSeconds)
        let store = WindowStore(measureStart: timeline.measureStart, end: timeline.end, width: Int64(options.windowSeconds * 1e9))
        let shared = _RunShared(subscriptions: w.topics * w.subscriptionsPerTopic)
        let backlog = _BacklogPlan(workload: w)
        if backlog.active { shared.setConsumersPaused(true) }
        let pins = _PinSlots(placement)
        let payloads = try PayloadPool(workload: w)

        let context = _RunThreadContext(timeline: timeline, store: store, shared: shared, batch: w.ringlog.batchSize,
                                        spin: spin, counts: options.counters)
        var threads: [PlatformThread] = []
        for (slot, c) in clients.consumers.enumerated() {
            let subscription = c.topic * w.subscriptionsPerTopic + c.sub
            let loop = _ConsumerLoop(
                consumer: _HandOver(c.consumer), topic: c.topic, subscription: subscription, index: c.index, slot: slot,
                producersPerTopic: w.producersPerTopic, partitions: w.partitionsPerTopic,
                slowNanoseconds: options.slowSubscription == c.sub ? options.slowNanosecondsPerMessage : 0,
                trackKeys: options.trackKeyOrder, checkEvery: options.payloadCheckEvery, bodyLength: payloads.bodyLength,
                context: context, pin: pins.next("consumer\(subscription).\(c.index)"))
            threads.append(PlatformThread { loop.run() })
        }
        let producersTotal = w.topics * w.producersPerTopic
        for p in clients.producers {
            let loop = _ProducerLoop(
                producer: _HandOver(p.producer), global: p.global, payloads: payloads, keyMode: w.keyDistributor,
                keyCount: w.ringlog.keyCount, size: w.messageSize,
                rate: w.producerRate > 0 ? Double(w.producerRate) / Double(producersTotal) : 0,
                countsSentLive: backlog.active, context: context, pin: pins.next("producer\(p.global)"))
            threads.append(PlatformThread { loop.run() })
        }

        let pinning = pins.readBack()
        options.onStart?("placement: \((pinning.lines.isEmpty ? ["none (unpinned)"] : pinning.lines + pinning.notes).joined(separator: ", "))"
                         + "; \(placement.summary); wait: \(spin ? "busy-spin" : "spin-yield")"
                         + (driver.settings["hugePages"].map { "\nmemory: \($0)" } ?? ""))
        let watched = watch(options, timeline: timeline, store: store, shared: shared, backlog: backlog)
        shared.stopProducers()
        // Consumers start now if a backlog was never reached, before the producers are joined:
        // a producer waiting for ring space (block retention) gets it only once consumers read.
        if backlog.active && shared.consumersPaused {
            shared.failures.withLock {
                $0.append("the backlog of \(backlog.target) messages was not built before the run ended (peak \(watched.backlogPeak)): a longer run, a higher producerRate or a smaller consumerBacklogSizeGB")
            }
            shared.setConsumersPaused(false)
        }
        for t in threads[clients.consumers.count...] { t.join() }
        let sentCounts = shared.sent.withLock { $0 }
        let sent = (0..<producersTotal).map { sentCounts[$0] ?? 0 }
        drain(driver, options, shared: shared, sent: sent, backlog: backlog)
        shared.stopConsumers()
        for t in threads[..<clients.consumers.count] { t.join() }
        driver.shutdown()
        return outcome(driver, options, spin: spin, store: store, shared: shared, sent: sent, consumers: clients.consumers.count,
                       pinning: pinning.lines.isEmpty ? ["none"] : pinning.lines + pinning.notes, placement: placement,
                       watched: watched, backlog: backlog)
    }

    /// Creates the workload's topics; a topic's rings live on the NUMA node of its first
    /// consumer (consumers are placed first).
    static func createTopics<D: BenchmarkDriver>(_ driver: D, _ w: Workload, placement: RunPlacement) throws {
        for t in 0..<w.topics {
            let node = placement.plan.flatMap { placement.topology.cpu($0.cpus[t * w.subscriptionsPerTopic * w.consumerPerSubscription])?.node }
            try driver.createTopic(index: t, partitions: w.partitionsPerTopic, numaNode: node)
        }
    }
}
