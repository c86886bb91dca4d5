/// Records read from partitions (API key 1).
///
/// Versions 4-11: 5 adds logStartOffset, 7 errorCode and sessionId, 11 preferredReadReplica.
///
/// Thread-safety: a value type (`Sendable`).
public struct FetchResponse: Sendable, Equatable, _WireDefaultInitializable {
    /// How long the response was throttled for a quota, in milliseconds (0: not throttled).
    /// (Versions 1+.)
    public var throttleTimeMs: Int32 = 0
    /// The top-level error. (Versions 7+.)
    public var errorCode: KafkaErrorCode = .none
    /// The fetch session ID (0: no session). (Versions 7+.)
    public var sessionId: Int32 = 0
    /// Each element: one topic's partitions.
    public var topics: [Topic] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        throttleTimeMs: Int32 = 0,
        errorCode: KafkaErrorCode = .none,
        sessionId: Int32 = 0,
        topics: [Topic] = []
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.errorCode = errorCode
        self.sessionId = sessionId
        self.topics = topics
    }

    /// One topic's partitions.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition's data.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The error, or none.
        public var errorCode: KafkaErrorCode = .none
        /// The high watermark (the offset after the last committed record).
        public var highWatermark: Int64 = 0
        /// The last stable offset. (Versions 4+.)
        public var lastStableOffset: Int64 = -1
        /// The partition's first offset. (Versions 5+.)
        public var logStartOffset: Int64 = -1
        /// Each element: one aborted transaction. (Versions 4+.)
        public var abortedTransactions: [AbortedTransaction]? = []
        /// The replica to fetch from next (-1: the leader). (Versions 11+.)
        public var preferredReadReplica: Int32 = -1
        /// The record batches (RecordBatch v2 bytes), or nil.
        public var records: ArraySlice<UInt8>? = nil

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = .none,
            highWatermark: Int64 = 0,
            lastStableOffset: Int64 = -1,
            logStartOffset: Int64 = -1,
            abortedTransactions: [AbortedTransaction]? = [],
            preferredReadReplica: Int32 = -1,
            records: ArraySlice<UInt8>? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.highWatermark = highWatermark
            self.lastStableOffset = lastStableOffset
            self.logStartOffset = logStartOffset
            self.abortedTransactions = abortedTransactions
            self.preferredReadReplica = preferredReadReplica
            self.records = records
        }

        /// One aborted transaction.
        public struct AbortedTransaction: Sendable, Equatable, _WireDefaultInitializable {
            /// The producer ID.
            public var producerId: Int64 = 0
            /// The transaction's first offset.
            public var firstOffset: Int64 = 0

            /// A value with every field at its default, for filling in.
            public init() {}

            /// A value with the given fields (the rest at their defaults).
            public init(
                producerId: Int64 = 0,
                firstOffset: Int64 = 0
            ) {
                self.producerId = producerId
                self.firstOffset = firstOffset
            }
        }
    }
}
