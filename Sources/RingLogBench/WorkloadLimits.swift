/// The bounds of every numeric setting of a run, in one place: the workload reader, the CLI
/// flags and `RunOptions.validate()` all check against these, so a value that passes cannot
/// make later arithmetic trap or a run exhaust the machine by its size alone.
public enum WorkloadLimits {
    /// Topics per workload.
    public static let topics = 1...10_000
    /// Subscriptions (consumer groups) per topic: the fan-out factor.
    public static let subscriptionsPerTopic = 1...64
    /// Consumers per subscription.
    public static let consumersPerSubscription = 1...256
    /// Producers per topic.
    public static let producersPerTopic = 1...256
    /// Producer and consumer threads of a run in all: topics × (producers + subscriptions ×
    /// consumers). More threads than this on one host measure its scheduler, not the system.
    public static let threads = 2...4096
    /// The largest message: 1 MiB.
    public static let maximumMessageSize = 1 << 20
    /// Aggregate producer rate in msg/s (0 = as fast as possible): at most 10^9.
    public static let producerRate = 0...1_000_000_000
    /// Distinct payloads in a randomized pool (OMB's `randomizedPayloadPoolSize`).
    public static let randomizedPayloadPoolSize = 0...100_000
    /// The backlog a backlog workload builds, in GB (10^9 bytes).
    public static let consumerBacklogSizeGB = 0.0...1024.0
    /// The measured phase, in seconds: at least 0.1 s (shorter runs measure nothing), at most 24 h.
    public static let durationSeconds = 0.1...86_400.0
    /// The warm-up, in seconds: at most 24 h.
    public static let warmupSeconds = 0.0...86_400.0
    /// Width of a reported time window, in seconds.
    public static let windowSeconds = 0.1...3_600.0
    /// Messages per produce call and per poll.
    public static let batchSize = 1...4096
    /// Ring bytes per partition: a power of two in this range.
    public static let ringCapacity = 4096...(1 << 30)
    /// Check every n-th payload's CRC32C (0: none).
    public static let payloadCheckEvery = 0...1_000_000_000
    /// The largest workload file read: workloads are a few hundred bytes.
    public static let maximumFileBytes = 1 << 20

    /// True when `value` is finite and inside `range`.
    @inlinable
    public static func contains(_ range: ClosedRange<Double>, _ value: Double) -> Bool {
        value.isFinite && range.contains(value)
    }
}
