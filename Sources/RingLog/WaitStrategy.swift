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

/// A spin-loop hint (x86 `pause`): lowers power and frees the sibling hyper-thread.
@inlinable @inline(__always)
func _cpuRelax() { CPU.relax() }
