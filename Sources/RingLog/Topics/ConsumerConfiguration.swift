
/// Settings of one consumer (the Kafka consumer configs RingLog honours).
public struct ConsumerConfiguration: Sendable, Equatable {
    /// `auto.offset.reset`; Kafka's default is `latest`.
    public var autoOffsetReset: OffsetResetPolicy
    /// `enable.auto.commit` (Kafka's default: true): positions are committed at the start of a
    /// poll once `autoCommitIntervalNanoseconds` passed, and when partitions are revoked or the
    /// consumer closes.
    public var enableAutoCommit: Bool
    /// `auto.commit.interval.ms`, in nanoseconds (Kafka: 5 s).
    public var autoCommitIntervalNanoseconds: Int64
    /// `max.poll.records` (Kafka: 500).
    public var maxPollRecords: Int
    /// `partition.assignment.strategy`; all members of a group must agree.
    public var assignmentStrategy: AssignmentStrategy

    public init(
        autoOffsetReset: OffsetResetPolicy = .latest,
        enableAutoCommit: Bool = true,
        autoCommitIntervalNanoseconds: Int64 = 5_000_000_000,
        maxPollRecords: Int = 500,
        assignmentStrategy: AssignmentStrategy = .range
    ) {
        self.autoOffsetReset = autoOffsetReset
        self.enableAutoCommit = enableAutoCommit
        self.autoCommitIntervalNanoseconds = autoCommitIntervalNanoseconds
        self.maxPollRecords = maxPollRecords
        self.assignmentStrategy = assignmentStrategy
    }

    func validate() throws(RingLogError) {
        guard maxPollRecords >= 1 else { throw .invalidConfiguration("maxPollRecords must be at least 1, got \(maxPollRecords)") }
        guard autoCommitIntervalNanoseconds >= 0 else {
            throw .invalidConfiguration("autoCommitIntervalNanoseconds must not be negative, got \(autoCommitIntervalNanoseconds)")
        }
    }
}
