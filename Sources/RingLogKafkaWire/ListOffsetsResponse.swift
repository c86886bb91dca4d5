/// Offsets found by timestamp (API key 2).
///
/// Versions 0-5: 1 replaces oldStyleOffsets by timestamp and offset, 2 adds throttleTimeMs, 4
/// leaderEpoch.
///
/// Thread-safety: a value type (`Sendable`).
public struct ListOffsetsResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 2+.)
    public var throttleTimeMs: Int32 = 0
    /// Each element: one topic's partitions.
    public var topics: [Topic] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
    }

    /// One topic's partitions.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition's result.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The error, or none.
        public var errorCode: KafkaErrorCode = .none
        /// The offsets found (v0 only). (Versions 0.)
        public var oldStyleOffsets: [Int64] = []
        /// The timestamp of the offset found. (Versions 1+.)
        public var timestamp: Int64 = -1
        /// The offset found. (Versions 1+.)
        public var offset: Int64 = -1
        /// The leader epoch. (Versions 4+.)
        public var leaderEpoch: Int32 = -1

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = .none,
            oldStyleOffsets: [Int64] = [],
            timestamp: Int64 = -1,
            offset: Int64 = -1,
            leaderEpoch: Int32 = -1
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.oldStyleOffsets = oldStyleOffsets
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }
    }
}
