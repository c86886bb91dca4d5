/// The commit's outcome per partition (API key 8).
///
/// Versions 0-7: 3 adds throttleTimeMs.
///
/// Thread-safety: a value type (`Sendable`).
public struct OffsetCommitResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 3+.)
    public var throttleTimeMs: Int32 = 0
    /// Each element: one topic's results.
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

    /// One topic's results.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition's result.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The error, or none.
        public var errorCode: KafkaErrorCode = .none

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = .none
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
        }
    }
}
