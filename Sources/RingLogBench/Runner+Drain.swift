import RingLogPlatform

extension Runner {
    /// After the producers are joined: waits until every subscription has what its topic's
    /// producers sent, or the drain timeout passes (at least 60 s for a backlog workload). A
    /// driver that may lose messages (overwrite retention) never gets them all: it is drained
    /// once no subscription received anything for 100 ms.
    static func drain<D: BenchmarkDriver>(_ driver: D, _ options: RunOptions, shared: _RunShared, sent: [Int], backlog: _BacklogPlan) {
        let w = options.workload
        // A backlog never reached by the end is drained now.
        shared.setConsumersPaused(false)
        let timeout = backlog.active ? max(60, options.drainTimeoutSeconds) : options.drainTimeoutSeconds
        let deadline = monotonicNanoseconds() + Int64(timeout * 1e9)
        let lossyIdleNanoseconds: Int64 = 100_000_000
        let subscriptions = shared.subscriptions
        let expected = (0..<subscriptions).map { s in
            let topic = s / w.subscriptionsPerTopic
            return (topic * w.producersPerTopic..<(topic + 1) * w.producersPerTopic).reduce(0) { $0 + sent[$1] }
        }
        var lastReceived = [Int](repeating: -1, count: subscriptions)
        var idleSince = monotonicNanoseconds()
        while monotonicNanoseconds() < deadline {
            var done = true
            var moved = false
            for s in 0..<subscriptions {
                // relaxed: a progress read; the final tally is read after the join.
                let received = shared.receivedCounter(s).pointee.load(ordering: .relaxed)
                if received < expected[s] { done = false }
                if received != lastReceived[s] { moved = true; lastReceived[s] = received }
            }
            if done { return }
            let now = monotonicNanoseconds()
            if moved { idleSince = now } else if !driver.lossless && now - idleSince >= lossyIdleNanoseconds { return }
            PlatformThread.sleep(nanoseconds: 2_000_000)
        }
    }
}
