import RingLogKafkaWire

/// Timeouts and limits of a ``GroupCoordinator``.
///
/// The defaults follow the Kafka broker's where it has one (`group.max.session.timeout.ms`,
/// `group.initial.rebalance.delay.ms`, `offset.metadata.max.bytes`) and are otherwise chosen so
/// that one broker's group state stays small however clients behave: at most
/// `maxGroups × maxMembersPerGroup` members, each holding at most `maxMemberMetadataBytes` of
/// protocol metadata and as much of assignment, and at most `maxGroups × maxOffsetsPerGroup`
/// committed offsets, each with at most `maxOffsetMetadataBytes` of metadata.
///
/// Thread-safety: a value type (`Sendable`); the coordinator copies it at initialisation.
public struct GroupCoordinatorConfiguration: Sendable {
    /// The shortest session timeout a JoinGroup may ask for, in milliseconds; shorter ones get
    /// INVALID_SESSION_TIMEOUT. Default 1,000 (Kafka's `group.min.session.timeout.ms` is 6,000;
    /// lower here so tests of a local server can expire members quickly).
    public var minSessionTimeoutMs: Int32 = 1_000
    /// The longest session timeout a JoinGroup may ask for, in milliseconds; longer ones get
    /// INVALID_SESSION_TIMEOUT. Default 1,800,000 (30 min, Kafka's `group.max.session.timeout.ms`).
    public var maxSessionTimeoutMs: Int32 = 1_800_000
    /// The longest rebalance timeout honoured, in milliseconds; a member asking for more (its
    /// `max.poll.interval.ms`) is held to this. A JoinGroup v0 (no rebalance timeout), or one
    /// with a timeout ≤ 0, uses its session timeout. Default 1,800,000 (30 min).
    public var maxRebalanceTimeoutMs: Int32 = 1_800_000
    /// How long a rebalance of an empty group waits for more members before it completes, in
    /// milliseconds, so consumers started together join one generation instead of one rebalance
    /// each; each member joining during the wait extends it by as much again, up to the rebalance
    /// timeout. Default 3,000 (Kafka's `group.initial.rebalance.delay.ms`); 0 completes the first
    /// join at once.
    public var initialRebalanceDelayMs: Int32 = 3_000
    /// The most groups the coordinator holds (groups with members or committed offsets; empty
    /// groups without offsets are deleted). A JoinGroup or a simple OffsetCommit that would
    /// create one more gets COORDINATOR_NOT_AVAILABLE (retriable). Default 4,096.
    public var maxGroups: Int = 4_096
    /// The most members per group, counting member IDs handed out with MEMBER_ID_REQUIRED and
    /// not yet used; a JoinGroup beyond it gets GROUP_MAX_SIZE_REACHED. Default 1,024 (Kafka's
    /// `group.max.size` is unbounded).
    public var maxMembersPerGroup: Int = 1_024
    /// The most assignment protocols one JoinGroup may list; more gets INVALID_REQUEST. Default 64.
    public var maxProtocolsPerMember: Int = 64
    /// The most bytes of protocol metadata one JoinGroup may carry (all protocols together), and
    /// of one member's assignment in the leader's SyncGroup; more gets INVALID_REQUEST.
    /// Default 1 MiB.
    public var maxMemberMetadataBytes: Int = 1 << 20
    /// The most bytes of a group ID (UTF-8); a longer one gets INVALID_GROUP_ID. Default 1,024.
    public var maxGroupIdBytes: Int = 1_024
    /// The most characters of the client ID used as a member ID's prefix (`clientId-UUID`);
    /// longer client IDs are cut. Default 128.
    public var maxClientIdPrefix: Int = 128
    /// The most (topic, partition) offsets one group keeps; a commit of a new partition beyond
    /// it gets INVALID_REQUEST for that partition (commits to partitions the group already has
    /// still succeed). Default 65,536.
    public var maxOffsetsPerGroup: Int = 65_536
    /// The most bytes of metadata stored with one offset; a longer one gets
    /// OFFSET_METADATA_TOO_LARGE for its partition. Default 4,096 (Kafka's `offset.metadata.max.bytes`).
    public var maxOffsetMetadataBytes: Int = 4_096
    /// Checks that a partition exists before an offset is committed to it, called once per
    /// partition of an OffsetCommit *before* the coordinator's lock is taken (so it may take the
    /// log's own locks, and must not call back into the coordinator). Return `.none` to accept
    /// the partition, or the error to answer for it (typically UNKNOWN_TOPIC_OR_PARTITION).
    /// Nil (the default): every partition is accepted.
    public var partitionCheck: (@Sendable (_ topic: String, _ partition: Int32) -> KafkaErrorCode)? = nil

    /// The defaults.
    public init() {}
}
