import RingLogKafkaWire

extension _CoordinatorCore {
    /// SyncGroup. Answered now (errors; Stable: the member's assignment; the leader's: everyone's)
    /// or, for a follower in CompletingRebalance, when the leader's arrives or a rebalance starts.
    func sync(_ request: SyncGroupRequest, now: Int64,
              completion: @escaping @Sendable (SyncGroupResponse) -> Void, outbox: inout _Outbox) {
        if isShutDown { return outbox.add(completion, SyncGroupResponse(errorCode: .coordinatorNotAvailable)) }
        if !isValidGroupId(request.groupId) { return outbox.add(completion, SyncGroupResponse(errorCode: .invalidGroupId)) }
        let id = request.memberId
        guard let group = groups[request.groupId], var member = group.members[id] else {
            return outbox.add(completion, SyncGroupResponse(errorCode: .unknownMemberId))
        }
        guard request.generationId == group.generationId else {
            return outbox.add(completion, SyncGroupResponse(errorCode: .illegalGeneration))
        }
        switch group.state {
        case .empty:
            outbox.add(completion, SyncGroupResponse(errorCode: .unknownMemberId))
        case .preparingRebalance:
            outbox.add(completion, SyncGroupResponse(errorCode: .rebalanceInProgress))
        case .stable:
            group.members[id]!.sessionDeadline = now &+ member.sessionTimeoutNanoseconds
            outbox.add(completion, SyncGroupResponse(assignment: member.assignment))
        case .completingRebalance:
            let isLeader = id == group.leaderId
            if isLeader, request.assignments.contains(where: { $0.assignment.count > configuration.maxMemberMetadataBytes }) {
                return outbox.add(completion, SyncGroupResponse(errorCode: .invalidRequest))
            }
            if let superseded = member.syncCompletion {
                outbox.add(superseded, SyncGroupResponse(errorCode: .rebalanceInProgress))
            }
            member.syncCompletion = completion
            member.sessionDeadline = now &+ member.sessionTimeoutNanoseconds
            group.members[id] = member
            if isLeader { group.completeSync(assignments: request.assignments, now: now, outbox: &outbox) }
        }
    }
}
