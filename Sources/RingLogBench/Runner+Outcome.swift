extension Runner {
    /// The run's result once every thread is joined: windows and aggregate, verification per
    /// subscription, the verdict (which needs something to verify), key-order inversions and
    /// the driver's settings and counters.
    static func outcome<D: BenchmarkDriver>(_ driver: D, _ options: RunOptions, spin: Bool, store: WindowStore, shared: _RunShared,
                                            sent: [Int], consumers: Int, pinning: [String], placement: RunPlacement,
                                            watched: _Watched, backlog: _BacklogPlan) -> RunResult {
        let w = options.workload
        let subscriptions = shared.subscriptions
        let (series, aggregate, sendErrors) = store.collect()
        let verifiers = shared.verifiers.withLock { $0 }
        let verification = (0..<subscriptions).map { s in
            let topic = s / w.subscriptionsPerTopic
            return Verifier.merge(verifiers[s] ?? [], sent: sent, producers: topic * w.producersPerTopic..<(topic + 1) * w.producersPerTopic)
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
        var settings = driver.settings
        if backlog.active {
            settings["backlog"] = "target \(backlog.target) messages, peak \(watched.backlogPeak)" + (watched.backlogNote.isEmpty ? "" : "; \(watched.backlogNote)")
        }
        if !failures.isEmpty { settings["failures"] = failures.prefix(5).joined(separator: "; ") }
        var result = RunResult(
            driver: driver.name, driverSettings: settings, series: series, aggregate: aggregate,
            windowSeconds: options.windowSeconds, durationSeconds: options.durationSeconds,
            verification: verification, verified: verified, lossless: driver.lossless, ordered: driver.ordersPerPartition,
            storageBytes: driver.storageBytes, waitStrategy: spin ? "busy-spin" : "spin-yield",
            pinning: pinning, availableCPUs: placement.available,
            producerStalls: counters.stalls, emptyPolls: counters.empty, busyPolls: counters.busy,
            producerWaits: driver.producerWaitCounters,
            totalSent: sent.reduce(0, +), totalReceived: verification.reduce(0) { $0 + $1.received },
            consumerReceived: (0..<consumers).map { perConsumer[$0] ?? 0 },
            keyOrderInversions: (0..<subscriptions).map { keyOrderInversions(keyEvents[$0] ?? []) })
        result.hostStealMilliseconds = watched.stealMilliseconds
        if options.counters {
            result.counters = shared.perfCounters.report(
                sent: aggregate.sent,
                receivedPerSubscription: watched.countedReceived.isEmpty ? Array(repeating: 0, count: subscriptions) : watched.countedReceived)
        }
        result.sendErrors = sendErrors
        result.warmupSeconds = options.warmupSeconds
        return result
    }

    /// Messages processed after a later message of the same key: processing order is ticket
    /// order; `events` are (producer << 32 | key, sequence, ticket).
    static func keyOrderInversions(_ events: [(UInt64, UInt64, UInt64)]) -> Int {
        var highest: [UInt64: UInt64] = [:]
        var count = 0
        for (key, seq, _) in events.sorted(by: { $0.2 < $1.2 }) {
            if let h = highest[key], seq < h { count += 1 } else { highest[key] = seq }
        }
        return count
    }
}
