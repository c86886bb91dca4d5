/// A consumer reads records from partitions (API key 1).
///
/// Versions 4-11: 5 adds logStartOffset, 7 the session fields and forgottenTopics, 9
/// currentLeaderEpoch, 11 rackId.
///
/// Thread-safety: a value type (`Sendable`).
public struct FetchRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The follower's broker ID, or -1 for a consumer.
    public var replicaId: Int32 = -1
    /// The longest the broker may wait for minBytes, in milliseconds.
    public var maxWaitMs: Int32 = 0
    /// The least bytes to accumulate before answering.
    public var minBytes: Int32 = 0
    /// The most bytes in the whole response. (Versions 3+.)
    public var maxBytes: Int32 = Int32.max
    /// 0 read uncommitted, 1 read committed. (Versions 4+.)
    public var isolationLevel: Int8 = 0
    /// The fetch session ID (0: none); read and ignored by a sessionless broker. (Versions 7+.)
    public var sessionId: Int32 = 0
    /// The fetch session epoch (-1: full fetch, no session). (Versions 7+.)
    public var sessionEpoch: Int32 = -1
    /// Each element: the partitions to fetch from one topic.
    public var topics: [Topic] = []
    /// Each element: partitions an incremental fetch session drops. (Versions 7+.)
    public var forgottenTopics: [ForgottenTopic] = []
    /// The consumer's rack. (Versions 11+.)
    public var rackId: String = ""

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        replicaId: Int32 = -1,
        maxWaitMs: Int32 = 0,
        minBytes: Int32 = 0,
        maxBytes: Int32 = Int32.max,
        isolationLevel: Int8 = 0,
        sessionId: Int32 = 0,
        sessionEpoch: Int32 = -1,
        topics: [Topic] = [],
        forgottenTopics: [ForgottenTopic] = [],
        rackId: String = ""
    ) {
        self.replicaId = replicaId
        self.maxWaitMs = maxWaitMs
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.isolationLevel = isolationLevel
        self.sessionId = sessionId
        self.sessionEpoch = sessionEpoch
        self.topics = topics
        self.forgottenTopics = forgottenTopics
        self.rackId = rackId
    }

    /// The partitions to fetch from one topic.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition to fetch.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partition: Int32 = 0
        /// The leader epoch the client knows (-1: unknown). (Versions 9+.)
        public var currentLeaderEpoch: Int32 = -1
        /// The offset to read from.
        public var fetchOffset: Int64 = 0
        /// The follower's log start offset (-1 from consumers). (Versions 5+.)
        public var logStartOffset: Int64 = -1
        /// The most bytes to return for this partition.
        public var partitionMaxBytes: Int32 = 0

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partition: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            fetchOffset: Int64 = 0,
            logStartOffset: Int64 = -1,
            partitionMaxBytes: Int32 = 0
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.fetchOffset = fetchOffset
            self.logStartOffset = logStartOffset
            self.partitionMaxBytes = partitionMaxBytes
        }
    }

    /// Partitions an incremental fetch session drops.
    public struct ForgottenTopic: Sendable, Equatable, _WireDefaultInitializable {
        /// The topic name.
        public var name: String = ""
        /// The partition indexes to forget.
        public var partitions: [Int32] = []

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            name: String = "",
            partitions: [Int32] = []
        ) {
            self.name = name
            self.partitions = partitions
        }
    }
}
