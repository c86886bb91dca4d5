/// The outcome of a produce, per partition (API key 0).
///
/// Versions 3-7: 5 adds logStartOffset.
///
/// Thread-safety: a value type (`Sendable`).
public struct ProduceResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// Each element: one topic's results.
    public var topics: [Topic] = []
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 1+.)
    public var throttleTimeMs: Int32 = 0

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        topics: [Topic] = [],
        throttleTimeMs: Int32 = 0
    ) {
        self.topics = topics
        self.throttleTimeMs = throttleTimeMs
    }

    /// One topic's results.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition's result.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var index: Int32 = 0
        /// The error, or none.
        public var errorCode: KafkaErrorCode = .none
        /// The offset given to the first record.
        public var baseOffset: Int64 = 0
        /// The broker's append time when the topic uses LogAppendTime, else -1. (Versions 2+.)
        public var logAppendTimeMs: Int64 = -1
        /// The partition's first offset. (Versions 5+.)
        public var logStartOffset: Int64 = -1

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            index: Int32 = 0,
            errorCode: KafkaErrorCode = .none,
            baseOffset: Int64 = 0,
            logAppendTimeMs: Int64 = -1,
            logStartOffset: Int64 = -1
        ) {
            self.index = index
            self.errorCode = errorCode
            self.baseOffset = baseOffset
            self.logAppendTimeMs = logAppendTimeMs
            self.logStartOffset = logStartOffset
        }
    }
}
