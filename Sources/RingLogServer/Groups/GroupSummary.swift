/// A snapshot of one group, for operators and tests (what Kafka's DescribeGroups would show).
///
/// Thread-safety: a value type (`Sendable`).
public struct GroupSummary: Sendable, Equatable {
    /// The group ID.
    public var groupId: String
    /// The group's state.
    public var state: GroupState
    /// The current generation (0 before the first rebalance completed; +1 per rebalance).
    public var generationId: Int32
    /// The members' protocol type ("consumer"), or nil while the group has no members.
    public var protocolType: String?
    /// The protocol chosen for the current generation, or nil (no generation with members yet,
    /// or the group is empty).
    public var protocolName: String?
    /// The leader's member ID, or nil when the group has no members.
    public var leaderId: String?
    /// The members' IDs in the order they joined.
    public var memberIds: [String]
    /// How many member IDs were handed out with MEMBER_ID_REQUIRED and not yet used to join.
    public var pendingMemberCount: Int
    /// How many (topic, partition) offsets the group has committed.
    public var committedOffsetCount: Int

    /// A summary with the given fields.
    public init(groupId: String, state: GroupState, generationId: Int32, protocolType: String?, protocolName: String?,
                leaderId: String?, memberIds: [String], pendingMemberCount: Int, committedOffsetCount: Int) {
        self.groupId = groupId
        self.state = state
        self.generationId = generationId
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leaderId = leaderId
        self.memberIds = memberIds
        self.pendingMemberCount = pendingMemberCount
        self.committedOffsetCount = committedOffsetCount
    }
}
