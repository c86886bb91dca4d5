/// How one run is carried out (the workload says what; these say how long and how).
public struct RunOptions: Sendable {
    public var workload: Workload
    /// Measured phase and warm-up, in seconds (the workload's minutes unless overridden).
    public var durationSeconds: Double
    public var warmupSeconds: Double
    /// Width of the reported time windows (OMB uses 10 s; default 1 s).
    public var windowSeconds: Double = 1
    /// After the producers stop, consumers drain at most this long.
    public var drainTimeoutSeconds: Double = 10
    /// Count per-key order inversions within each consumer (keyed-ordering experiment).
    public var trackKeyOrder = false
    /// Check the payload CRC32C of every n-th message a consumer receives (1: all; 0: none).
    /// Every message's header check word, sequence and order are checked regardless.
    public var payloadCheckEvery = 1
    /// Subscription index whose consumers spend this many ns per message (slow-consumer experiment).
    public var slowSubscription: Int? = nil
    public var slowNanosecondsPerMessage: Int64 = 0
    /// Open per-thread performance counters (`ThreadCounters`) for the measured phase and report
    /// them per message and role in `RunResult.counters`; off: none is opened (no cost).
    public var counters = false
    /// Called with a progress line at each window end (nil: silent).
    public var progress: (@Sendable (String) -> Void)? = nil
    /// Called once when every thread is started, with the placement and memory lines.
    public var onStart: (@Sendable (String) -> Void)? = nil

    public init(workload: Workload, durationSeconds: Double? = nil, warmupSeconds: Double? = nil) {
        self.workload = workload
        self.durationSeconds = durationSeconds ?? workload.testDurationMinutes * 60
        self.warmupSeconds = warmupSeconds ?? workload.warmupDurationMinutes * 60
    }
}
