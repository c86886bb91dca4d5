import Synchronization
import RingLogPlatform

/// What the threads of one run share: flags and live counters, each on a cache line of its
/// own (`_CacheLineCounters`), and what each thread hands in when it ends (under locks, once
/// per thread).
final class _RunShared: @unchecked Sendable {
    private enum Slot: Int, CaseIterable {
        case stopProducers, stopConsumers, consumersPaused, sentLive, ticket
    }
    private let flags = _CacheLineCounters(count: Slot.allCases.count)
    /// Messages received so far, one counter per subscription.
    private let received: _CacheLineCounters
    let subscriptions: Int

    let failures = LockedValue([String]())
    let verifiers = LockedValue([Int: [Verifier]]())
    let sent = LockedValue([Int: Int]())
    let counters = LockedValue((stalls: 0, empty: 0, busy: 0))
    let perConsumer = LockedValue([Int: Int]())
    let keyEvents = LockedValue([Int: [(UInt64, UInt64, UInt64)]]())
    /// Each thread's performance counters, when the run counts them.
    let perfCounters = _RunCounters()

    init(subscriptions: Int) {
        self.subscriptions = subscriptions
        received = _CacheLineCounters(count: subscriptions)
    }

    // relaxed, all flags: each is flipped once by the harness thread and polled; nothing is
    // published through them (joining the threads orders what they wrote).
    var producersStopped: Bool { flags[Slot.stopProducers.rawValue].pointee.load(ordering: .relaxed) != 0 }
    func stopProducers() { flags[Slot.stopProducers.rawValue].pointee.store(1, ordering: .relaxed) }
    var consumersStopped: Bool { flags[Slot.stopConsumers.rawValue].pointee.load(ordering: .relaxed) != 0 }
    func stopConsumers() { flags[Slot.stopConsumers.rawValue].pointee.store(1, ordering: .relaxed) }
    /// Backlog workloads: consumers wait until the backlog is built.
    var consumersPaused: Bool { flags[Slot.consumersPaused.rawValue].pointee.load(ordering: .relaxed) != 0 }
    func setConsumersPaused(_ paused: Bool) { flags[Slot.consumersPaused.rawValue].pointee.store(paused ? 1 : 0, ordering: .relaxed) }

    /// relaxed: a progress count of messages sent, all producers (for the backlog monitor).
    func addSent(_ n: Int) { flags[Slot.sentLive.rawValue].pointee.wrappingAdd(n, ordering: .relaxed) }
    var sentSoFar: Int { flags[Slot.sentLive.rawValue].pointee.load(ordering: .relaxed) }

    /// relaxed: a global processing order for key-order analysis; only uniqueness and the
    /// order of tickets matter.
    func nextTicket() -> UInt64 { UInt64(bitPattern: Int64(flags[Slot.ticket.rawValue].pointee.wrappingAdd(1, ordering: .relaxed).oldValue)) }

    /// Subscription `s`'s received counter; relaxed adds and loads (progress and drain checks;
    /// the final tally is read after the threads are joined).
    @inline(__always)
    func receivedCounter(_ s: Int) -> UnsafeMutablePointer<Atomic<Int>> { received[s] }

    /// Messages received so far, per subscription (relaxed reads: progress and the moments the
    /// counters are switched; the final tally is read after the threads are joined).
    func receivedPerSubscription() -> [Int] { (0..<subscriptions).map { received[$0].pointee.load(ordering: .relaxed) } }

    /// Messages received so far, all subscriptions.
    func receivedSoFar() -> Int { receivedPerSubscription().reduce(0, +) }
}
