/// A producer appends record batches to partitions (API key 0).
///
/// Versions 3-7 (RecordBatch v2); they share one layout.
///
/// Thread-safety: a value type (`Sendable`).
public struct ProduceRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The transactional ID, or nil for a non-transactional producer. (Versions 3+.)
    public var transactionalId: String? = nil
    /// Acknowledgements required: 0 none, 1 leader, -1 all in-sync replicas.
    public var acks: Int16 = 0
    /// How long to wait for the acknowledgements, in milliseconds.
    public var timeoutMs: Int32 = 0
    /// Each element: the records for one topic.
    public var topics: [Topic] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        transactionalId: String? = nil,
        acks: Int16 = 0,
        timeoutMs: Int32 = 0,
        topics: [Topic] = []
    ) {
        self.transactionalId = transactionalId
        self.acks = acks
        self.timeoutMs = timeoutMs
        self.topics = topics
    }

    /// The records for one topic.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// The records for one partition.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var index: Int32 = 0
        /// The RecordBatch v2 bytes as received (one or more concatenated batches), a slice of
        /// the request frame (no copy); parse with `RecordBatch`.
        public var records: ArraySlice<UInt8>? = nil

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            index: Int32 = 0,
            records: ArraySlice<UInt8>? = nil
        ) {
            self.index = index
            self.records = records
        }
    }
}
