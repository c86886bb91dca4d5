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

/// A topic and a partition number: what a consumer is assigned and commits.
public struct TopicPartition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let topic: String
    public let partition: Int
    public init(_ topic: String, _ partition: Int) {
        self.topic = topic
        self.partition = partition
    }
    public static func < (a: Self, b: Self) -> Bool {
        a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition
    }
    public var description: String { "\(topic)-\(partition)" }
}

/// Where a record went: Kafka's `RecordMetadata`.
@frozen
public struct RecordMetadata: Sendable, Equatable {
    public let partition: Int
    public let offset: Int64
    @inlinable public init(partition: Int, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}
