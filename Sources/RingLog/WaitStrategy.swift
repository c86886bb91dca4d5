#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import RingLogPlatform

/// How a thread waits for records (reader) or space (producer in `block` retention).
/// Busy-spinning is fastest only while every spinning thread has a core of its own; with more
/// threads than cores it collapses throughput, so the default yields.
public enum WaitStrategy: Sendable, Equatable {
    /// Spin on the counter with a CPU pause hint. Lowest latency; one core per waiting thread.
    case busySpin
    /// Spin `spins` times, then `sched_yield` between checks.
    case spinThenYield(spins: Int = 256)
    /// Spin, yield `yields` times, then park on a futex for at most `parkMicroseconds` per
    /// wait (the bound on a missed wake-up: the publish path has no StoreLoad fence).
    case spinThenPark(spins: Int = 256, yields: Int = 8, parkMicroseconds: Int = 200)

    func validate() throws(RingLogError) {
        switch self {
        case .busySpin: return
        case .spinThenYield(let spins):
            if spins < 0 { throw .invalidConfiguration("spins \(spins) is negative") }
        case .spinThenPark(let spins, let yields, let park):
            if spins < 0 || yields < 0 { throw .invalidConfiguration("spins/yields must not be negative") }
            if park <= 0 { throw .invalidConfiguration("parkMicroseconds \(park) must be positive") }
        }
    }

    /// A short name for reports: busy-spin, spin-yield, spin-park.
    public var name: String {
        switch self {
        case .busySpin: return "busy-spin"
        case .spinThenYield: return "spin-yield"
        case .spinThenPark: return "spin-park"
        }
    }
}

/// Counts of what waiting threads did, for the harness's reports.
public struct WaitCounters: Sendable, Equatable {
    public var spins: Int = 0
    public var yields: Int = 0
    public var parks: Int = 0
    public init() {}
}

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

/// A spin-loop hint (x86 `pause`): lowers power and frees the sibling hyper-thread.
@inlinable @inline(__always)
func _cpuRelax() { CPU.relax() }
