/// Committed offsets (API key 9).
///
/// Versions 0-5: 2 adds the top-level errorCode, 3 throttleTimeMs, 5 committedLeaderEpoch.
///
/// Thread-safety: a value type (`Sendable`).
public struct OffsetFetchResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 3+.)
    public var throttleTimeMs: Int32 = 0
    /// Each element: one topic's offsets.
    public var topics: [Topic] = []
    /// The top-level error. (Versions 2+.)
    public var errorCode: KafkaErrorCode = .none

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = [],
        errorCode: KafkaErrorCode = .none
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
    }

    /// One topic's offsets.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition's offset.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The committed offset, or -1 if none.
        public var committedOffset: Int64 = -1
        /// The leader epoch (-1: unknown). (Versions 5+.)
        public var committedLeaderEpoch: Int32 = -1
        /// The metadata stored with the offset, or nil.
        public var metadata: String? = nil
        /// The error, or none.
        public var errorCode: KafkaErrorCode = .none

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = -1,
            committedLeaderEpoch: Int32 = -1,
            metadata: String? = nil,
            errorCode: KafkaErrorCode = .none
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
        }
    }
}
