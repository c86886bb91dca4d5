/// A consumer commits offsets for its group (API key 8).
///
/// Versions 0-7: 1 adds generationId, memberId and commitTimestamp, 2-4 have retentionTimeMs (and
/// drop commitTimestamp), 6 adds committedLeaderEpoch, 7 groupInstanceId.
///
/// Thread-safety: a value type (`Sendable`).
public struct OffsetCommitRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The group ID.
    public var groupId: String = ""
    /// The generation ID (-1 for a simple consumer). (Versions 1+.)
    public var generationId: Int32 = -1
    /// The member ID. (Versions 1+.)
    public var memberId: String = ""
    /// The static member ID, or nil. (Versions 7+.)
    public var groupInstanceId: String? = nil
    /// How long to keep the offsets, in milliseconds (-1: the broker's default). (Versions 2-4.)
    public var retentionTimeMs: Int64 = -1
    /// Each element: one topic's offsets.
    public var topics: [Topic] = []

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        groupId: String = "",
        generationId: Int32 = -1,
        memberId: String = "",
        groupInstanceId: String? = nil,
        retentionTimeMs: Int64 = -1,
        topics: [Topic] = []
    ) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
    }

    /// One topic's offsets.
    public typealias Topic = KafkaTopicPartitions<Partition>

    /// One partition's offset.
    public struct Partition: Sendable, Equatable, _WireDefaultInitializable {
        /// The partition index.
        public var partitionIndex: Int32 = 0
        /// The offset to commit.
        public var committedOffset: Int64 = 0
        /// The leader epoch of the last consumed record (-1: unknown). (Versions 6+.)
        public var committedLeaderEpoch: Int32 = -1
        /// The commit timestamp (v1 only). (Versions 1.)
        public var commitTimestamp: Int64 = -1
        /// Client metadata stored with the offset, or nil.
        public var committedMetadata: String? = nil

        /// A value with every field at its default, for filling in.
        public init() {}

        /// A value with the given fields (the rest at their defaults).
        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = 0,
            committedLeaderEpoch: Int32 = -1,
            commitTimestamp: Int64 = -1,
            committedMetadata: String? = nil
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.commitTimestamp = commitTimestamp
            self.committedMetadata = committedMetadata
        }
    }
}
