import RingLogKafkaWire

/// One consumer group: its members, generation, state and committed offsets.
///
/// Thread-safety: guarded by the coordinator's lock (a class so that the coordinator's
/// dictionary of groups is not copied on each change).
final class _Group {
    let id: String
    var state: GroupState = .empty
    /// +1 per completed rebalance (also one that ends with no member, as Kafka does).
    var generationId: Int32 = 0
    /// The members' protocol type; nil while the group has no member.
    var protocolType: String?
    /// The protocol chosen for the current generation.
    var protocolName: String?
    var leaderId: String?
    var members: [String: _Member] = [:]
    /// Member IDs in the order they joined (the leader is the first when the leader leaves).
    var memberOrder: [String] = []
    /// Member IDs handed out with MEMBER_ID_REQUIRED, with the deadline to join with them.
    var pendingMembers: [String: Int64] = [:]
    /// When a rebalance in progress completes whoever has rejoined (`.max` outside PreparingRebalance).
    var rebalanceDeadline: Int64 = .max
    /// A rebalance of an empty group completes no earlier than this (the initial delay).
    var joinNotBefore: Int64 = 0
    /// When members that have not sent SyncGroup in CompletingRebalance are removed (`.max`
    /// outside CompletingRebalance).
    var syncDeadline: Int64 = .max
    /// Committed offsets by topic, then partition.
    var offsets: [String: [Int32: CommittedOffset]] = [:]
    var offsetCount = 0

    init(id: String) { self.id = id }

    /// Members and pending member IDs together (what `maxMembersPerGroup` bounds).
    var memberCount: Int { members.count + pendingMembers.count }

    /// Whether the group holds nothing worth keeping (the coordinator deletes it).
    var isDeletable: Bool {
        state == .empty && members.isEmpty && pendingMembers.isEmpty && offsetCount == 0
    }

    /// A snapshot. O(members).
    func summary() -> GroupSummary {
        GroupSummary(groupId: id, state: state, generationId: generationId, protocolType: protocolType,
                     protocolName: protocolName, leaderId: leaderId, memberIds: memberOrder,
                     pendingMemberCount: pendingMembers.count, committedOffsetCount: offsetCount)
    }
}
