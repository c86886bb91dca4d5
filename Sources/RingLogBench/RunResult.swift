/// What one run measured.
public struct RunResult: Sendable {
    public var driver: String
    public var driverSettings: [String: String]
    public var series: [WindowStats]
    public var aggregate: WindowStats
    public var windowSeconds: Double
    public var durationSeconds: Double
    /// Per subscription (topic-major), verification counts.
    public var verification: [VerificationCounts]
    public var verified: Bool
    public var lossless: Bool
    public var ordered: Bool
    public var storageBytes: Int
    public var waitStrategy: String
    /// What each thread's pinning came to, read back from its affinity mask after the pin call
    /// (`consumer0.0→cpu1`, or `…→unpinned (why)`), then the placement's notes; `none` unpinned.
    public var pinning: [String]
    /// The CPUs the process could run on (its affinity mask) when the run started.
    public var availableCPUs: [Int] = []
    /// Times producers were pushed back (full ring or queue) and consumers found nothing.
    public var producerStalls: Int
    public var emptyPolls: Int
    public var busyPolls: Int
    /// Waits inside the driver on a full ring (log, block retention): episodes, spins, yields, parks.
    public var producerWaits: [String: Int]
    /// Messages over the whole run (warm-up, measured phase and drain), as verified.
    public var totalSent: Int
    public var totalReceived: Int
    /// The warm-up before the measured phase, in seconds.
    public var warmupSeconds = 0.0
    /// Hypervisor steal time during the measured phase, ms summed over CPUs (nil: unknown).
    public var hostStealMilliseconds: Double? = nil
    /// Sends that failed (the driver threw), over the whole run, warm-up and drain included;
    /// the per-window `publishErrorRate` counts only those in the measured windows.
    public var sendErrors = 0
    /// Messages each consumer received, subscription-major.
    public var consumerReceived: [Int]
    /// Per subscription: messages processed after a later message of the same key (by a
    /// global processing order). Only with `trackKeyOrder`.
    public var keyOrderInversions: [Int]

    /// Per-thread counters of the measured phase, per role and message (`RunOptions.counters`).
    public var counters: CounterReport? = nil

    /// Messages per second over the measured phase.
    public var publishRate: Double { Double(aggregate.sent) / durationSeconds }
    public var consumeRate: Double { Double(aggregate.received) / durationSeconds }
    /// Average messages per non-empty poll (Disruptor's batch effect).
    public var achievedBatch: Double { busyPolls == 0 ? 0 : Double(totalReceived) / Double(busyPolls) }
}
