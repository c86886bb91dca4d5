import RingLog
import RingLogPlatform

/// One thread's pin: the planned CPU, and where the thread records what took effect.
struct _PinRequest: Sendable {
    let label: String
    let cpu: Int
    let slot: Int
    let outcomes: LockedValue<[Int: String]>

    /// Pins the calling thread and records `label→cpuN` as read back from its affinity mask, or
    /// `label→unpinned (why)`.
    func apply() {
        let outcome: String
        switch ThreadAffinity.pinCurrentThreadConfirmed(to: cpu) {
        case .success(let c): outcome = "\(label)→cpu\(c)"
        case .failure(let error): outcome = "\(label)→unpinned (asked for cpu\(cpu): \(error))"
        }
        outcomes.withLock { $0[slot] = outcome }
    }
}
