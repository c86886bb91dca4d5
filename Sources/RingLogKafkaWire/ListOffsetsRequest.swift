/// A client asks for the offset at a timestamp, earliest (-2) or latest (-1) (API key 2).
///
/// Versions 0-5: 1 drops maxNumOffsets, 2 adds isolationLevel, 4 currentLeaderEpoch.
///
/// Thread-safety: a value type (`Sendable`).
public struct ListOffsetsRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The follower's broker ID, or -1 for a consumer.
    public var replicaId: Int32 = -1
    /// 0 read uncommitted, 1 read committed. (Versions 2+.)
    public var isolationLevel: Int8 = 0
    /// Each element: one topic's partitions.
    public var topics: [Topic] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        replicaId: Int32 = -1,
        isolationLevel: Int8 = 0,
        topics: [Topic] = []
    ) {
        self.replicaId = replicaId
        self.isolationLevel = isolationLevel
        self.topics = topics
    }

    /// One topic's partitions.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The leader epoch the client knows (-1: unknown). (Versions 4+.)
        public var currentLeaderEpoch: Int32 = -1
        /// The timestamp to look up: -1 latest, -2 earliest.
        public var timestamp: Int64 = 0
        /// How many offsets to return (v0 only). (Versions 0.)
        public var maxNumOffsets: Int32 = 1

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partitionIndex: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            timestamp: Int64 = 0,
            maxNumOffsets: Int32 = 1
        ) {
            self.partitionIndex = partitionIndex
            self.currentLeaderEpoch = currentLeaderEpoch
            self.timestamp = timestamp
            self.maxNumOffsets = maxNumOffsets
        }
    }
}
