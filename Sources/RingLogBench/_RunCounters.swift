import RingLogPlatform

/// The performance counters of a run's threads: each thread opens its own (`ThreadCounters`
/// counts the thread that opened it) and registers it here before the run starts; the harness
/// thread enables them all when the measured phase starts and disables them when it ends, so
/// nothing on a producer's or consumer's path changes when counting.
final class _RunCounters: Sendable {
    private struct State {
        var threads: [(subscription: Int?, counters: ThreadCounters)] = []
        var enabled = false
        var finished = false
    }
    private let state = LockedValue(State())

    /// Opens counters on the calling thread and registers them; `subscription` is nil for a
    /// producer. A thread that registers while the phase is on starts counting at once.
    func openOnThisThread(subscription: Int?) {
        let counters = ThreadCounters()
        state.withLock { s in
            s.threads.append((subscription, counters))
            if s.enabled { counters.enable() }
        }
    }

    /// The measured phase starts.
    func enableAll() {
        state.withLock { s in
            guard !s.enabled && !s.finished else { return }
            s.enabled = true
            for t in s.threads { t.counters.enable() }
        }
    }

    /// The measured phase ends (no later registration counts).
    func disableAll() {
        state.withLock { s in
            s.enabled = false
            s.finished = true
            for t in s.threads { t.counters.disable() }
        }
    }

    /// The report, once every thread is joined: producers per `sent` message, each
    /// subscription's consumers per message it received while counting; closes the counters.
    /// Nil when no thread registered (the run did not count).
    func report(sent: Int, receivedPerSubscription: [Int]) -> CounterReport? {
        let threads = state.withLock { $0.threads }
        guard !threads.isEmpty else { return nil }
        var roles: [(role: String, threads: Int, messages: Int, snapshot: PerfCounterSnapshot)] = []
        let producers = threads.filter { $0.subscription == nil }
        if !producers.isEmpty {
            roles.append(("producers", producers.count, sent, producers.map { $0.counters.read() }.reduce(PerfCounterSnapshot(), +)))
        }
        for (s, received) in receivedPerSubscription.enumerated() {
            let consumers = threads.filter { $0.subscription == s }
            guard !consumers.isEmpty else { continue }
            roles.append(("consumers of subscription \(s)", consumers.count, received,
                          consumers.map { $0.counters.read() }.reduce(PerfCounterSnapshot(), +)))
        }
        let failures = threads.flatMap { $0.counters.failures }
        let userSpaceOnly = threads.reduce(into: Set<PerfCounter>()) { $0.formUnion($1.counters.userSpaceOnly) }
        for t in threads { t.counters.close() }
        return CounterReport(roles: roles, failures: failures, userSpaceOnly: userSpaceOnly)
    }
}
