/// Settings of a topic: its partition count and the configuration every partition gets.
public struct TopicConfiguration: Sendable, Equatable {
    /// Partitions at creation (at least 1). More can be added later; none can be removed.
    public var partitions: Int
    /// Each partition's ring (capacity, retention on a full ring, timestamp type, wait strategy,
    /// checksums). Its `producerMode` defaults to `.multi` here, since any number of producers
    /// may send to a topic; choose `.single` only when one thread produces to the topic.
    public var partition: PartitionConfiguration
    /// Kafka's `retention.ms`, in nanoseconds: records older than this are no longer served
    /// once retention runs (`EventLog.enforceRetention`); nil keeps records until the ring
    /// overwrites them.
    public var retentionNanoseconds: Int64?

    public init(
        partitions: Int = 1,
        partition: PartitionConfiguration = PartitionConfiguration(capacity: 1 << 22, producerMode: .multi),
        retentionNanoseconds: Int64? = nil
    ) {
        self.partitions = partitions
        self.partition = partition
        self.retentionNanoseconds = retentionNanoseconds
    }

    /// Largest partition count of one topic.
    public static let maximumPartitions = 4096

    func validate() throws(RingLogError) {
        guard (1...Self.maximumPartitions).contains(partitions) else {
            throw .invalidConfiguration("partitions \(partitions) is not in 1...\(Self.maximumPartitions)")
        }
        if let r = retentionNanoseconds, r <= 0 {
            throw .invalidConfiguration("retentionNanoseconds \(r) must be positive")
        }
        try partition.validate()
    }
}
