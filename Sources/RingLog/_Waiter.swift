#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import RingLogPlatform

/// One wait episode: call `step` until the condition holds.
@usableFromInline
struct _Waiter {
    @usableFromInline let strategy: WaitStrategy
    @usableFromInline var round = 0

    @inlinable init(_ strategy: WaitStrategy) { self.strategy = strategy }

    /// Waits a little. `signal` is where a parked thread sleeps; `ready` is re-checked after
    /// registering as a waiter so a wake-up between check and park is not lost.
    @inlinable
    mutating func step(signal: _Signal, counters: inout WaitCounters, ready: () -> Bool) {
        round &+= 1
        switch strategy {
        case .busySpin:
            counters.spins &+= 1
            _cpuRelax()
        case .spinThenYield(let spins):
            if round <= spins { counters.spins &+= 1; _cpuRelax() } else { counters.yields &+= 1; sched_yield() }
        case .spinThenPark(let spins, let yields, let park):
            if round <= spins { counters.spins &+= 1; _cpuRelax() }
            else if round <= spins &+ yields { counters.yields &+= 1; sched_yield() }
            else { counters.parks &+= 1; signal.park(timeoutNanoseconds: Int64(park) * 1000, ready: ready) }
        }
    }
}
