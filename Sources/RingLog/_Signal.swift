import Synchronization
import RingLogPlatform

/// A futex-backed event count: waiters park on `epoch`, signalers bump it and wake them.
@usableFromInline
struct _Signal {
    @usableFromInline let base: UnsafeMutableRawPointer
    @inlinable init(base: UnsafeMutableRawPointer) { self.base = base }
    @inlinable var epoch: UnsafeMutablePointer<Atomic<UInt32>> { base.assumingMemoryBound(to: Atomic<UInt32>.self) }
    @inlinable var waiters: UnsafeMutablePointer<Atomic<UInt32>> { (base + 4).assumingMemoryBound(to: Atomic<UInt32>.self) }

    /// Wakes parked threads, if any. Cost when nobody is parked: one relaxed load of a line
    /// that is only written when someone parks.
    @inlinable @inline(__always)
    func notify() {
        // relaxed: a missed waiter is bounded by its park timeout (no StoreLoad fence on the hot path).
        if waiters.pointee.load(ordering: .relaxed) != 0 { notifySlow() }
    }

    @usableFromInline
    func notifySlow() {
        // relaxed: the futex syscall orders the epoch change against the sleeper's compare.
        epoch.pointee.wrappingAdd(1, ordering: .relaxed)
        Futex.wakeAll(base.assumingMemoryBound(to: UInt32.self))
    }

    /// Parks the calling thread until notified or `timeoutNanoseconds` pass, unless `ready()`
    /// turns true after the thread registered itself as a waiter.
    @usableFromInline
    func park(timeoutNanoseconds: Int64, ready: () -> Bool) {
        // acquiring: pairs with notifySlow's bump so a wake-up after this read is not lost.
        let seen = epoch.pointee.load(ordering: .acquiring)
        // sequentially consistent RMW (lock xadd): the waiter count is visible before the re-check.
        waiters.pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if !ready() {
            Futex.wait(base.assumingMemoryBound(to: UInt32.self), expected: seen, timeoutNanoseconds: timeoutNanoseconds)
        }
        // relaxed: only a hint for notifiers.
        waiters.pointee.wrappingSubtract(1, ordering: .relaxed)
    }
}
