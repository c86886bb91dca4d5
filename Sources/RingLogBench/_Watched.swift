import RingLogPlatform

/// What the harness thread saw while the run went on.
struct _Watched: Sendable {
    /// Hypervisor steal over the measured phase, ms summed over CPUs (nil: unknown).
    var stealMilliseconds: Double?
    /// The largest backlog seen (backlog workloads).
    var backlogPeak = 0
    /// Why the backlog stopped short of its target, if it did.
    var backlogNote = ""
    /// Messages each subscription received while the counters counted (counted runs only).
    var countedReceived: [Int] = []
}
