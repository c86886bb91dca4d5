import Synchronization
import RingLogPlatform

/// Long-polling fetches by the partitions they wait on; a produce wakes the waiters of its
/// partition.
///
/// The produce path pays one sequentially consistent fence and one load when nobody waits;
/// otherwise a lock and a dictionary lookup per produced partition.
///
/// Thread-safety: any thread.
final class _FetchWatchers: Sendable {
    /// A partition by topic name and index.
    struct Key: Hashable, Sendable {
        let topic: String
        let partition: Int32
    }

    /// Waiters registered now (all partitions).
    private let waiting = Atomic<Int>(0)
    /// A pthread mutex (`LockedValue`), which ThreadSanitizer sees; `Synchronization.Mutex` is
    /// opaque to it on Linux, so every access it guards would be reported as a race.
    private let table = LockedValue([Key: [ObjectIdentifier: _FetchWaiter]]())

    /// Registers `waiter` on `keys`. The caller checks the partitions again afterwards: a
    /// produce that landed before this may not have seen it.
    func add(_ waiter: _FetchWaiter, on keys: [Key]) {
        table.withLock { t in
            for key in keys { t[key, default: [:]][ObjectIdentifier(waiter)] = waiter }
        }
        // sequentiallyConsistent: with the fence in `notify`, either the producer sees this
        // count or the waiter's re-check sees the producer's records (no missed wake-up).
        waiting.add(1, ordering: .sequentiallyConsistent)
    }

    /// Removes `waiter` from `keys`.
    func remove(_ waiter: _FetchWaiter, from keys: [Key]) {
        table.withLock { t in
            for key in keys {
                t[key]?[ObjectIdentifier(waiter)] = nil
                if t[key]?.isEmpty == true { t[key] = nil }
            }
        }
        waiting.subtract(1, ordering: .relaxed)
    }

    /// Waiters registered now, and partitions with waiters in the table (for tests and monitoring).
    var counts: (waiters: Int, partitions: Int) {
        // relaxed: a snapshot.
        (waiting.load(ordering: .relaxed), table.withLock { $0.count })
    }

    /// Wakes the waiters of partition `partition` of `topic` (each re-checks on its event loop).
    func notify(topic: String, partition: Int32) {
        // sequentiallyConsistent fence: the records just published are ordered before the load
        // of the count (pairs with the add in `add`).
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        guard waiting.load(ordering: .relaxed) > 0 else { return }
        let waiters = table.withLock { t in t[Key(topic: topic, partition: partition)].map { Array($0.values) } ?? [] }
        for waiter in waiters { waiter.wake() }
    }
}
