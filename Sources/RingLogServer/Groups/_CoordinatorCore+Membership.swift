import RingLogKafkaWire

extension _CoordinatorCore {
    /// Heartbeat: UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION for a stranger or a stale generation,
    /// else keeps the member's session alive and answers REBALANCE_IN_PROGRESS while the group
    /// prepares a rebalance (the member then rejoins), NONE otherwise. O(1).
    func heartbeat(_ request: HeartbeatRequest, now: Int64) -> KafkaErrorCode {
        if isShutDown { return .coordinatorNotAvailable }
        if !isValidGroupId(request.groupId) { return .invalidGroupId }
        guard let group = groups[request.groupId], let member = group.members[request.memberId] else {
            return .unknownMemberId
        }
        guard request.generationId == group.generationId else { return .illegalGeneration }
        group.members[request.memberId]!.sessionDeadline = now &+ member.sessionTimeoutNanoseconds
        switch group.state {
        case .empty: return .unknownMemberId
        case .preparingRebalance: return .rebalanceInProgress
        case .completingRebalance, .stable: return .none
        }
    }

    /// LeaveGroup (v0-1: one member): removes the member (or an unused member ID) and
    /// rebalances the others. O(members).
    func leave(_ request: LeaveGroupRequest, now: Int64, outbox: inout _Outbox) -> KafkaErrorCode {
        if isShutDown { return .coordinatorNotAvailable }
        if !isValidGroupId(request.groupId) { return .invalidGroupId }
        guard let group = groups[request.groupId] else { return .unknownMemberId }
        if group.pendingMembers[request.memberId] != nil {
            group.removePendingMember(request.memberId, now: now, outbox: &outbox)
            return .none
        }
        guard group.members[request.memberId] != nil else { return .unknownMemberId }
        group.removeMember(request.memberId, now: now, outbox: &outbox)
        return .none
    }
}
