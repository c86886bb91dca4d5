import RingLogKafkaWire

extension _Group {
    /// Adds `member` (its JoinGroup waiting) and starts a rebalance, or lets the one in progress
    /// complete if it was the last to join. During the initial delay of an empty group's first
    /// rebalance, each new member extends the delay (up to the rebalance timeout), as Kafka's
    /// `InitialDelayedJoin` does. O(members).
    func addMember(_ member: _Member, now: Int64, initialDelay: Int64, outbox: inout _Outbox) {
        members[member.id] = member
        memberOrder.append(member.id)
        if leaderId == nil { leaderId = member.id }
        if state == .preparingRebalance {
            if now < joinNotBefore { joinNotBefore = min(now &+ initialDelay, rebalanceDeadline) }
            maybeCompleteJoin(now: now, outbox: &outbox)
        } else {
            prepareRebalance(now: now, initialDelay: initialDelay, outbox: &outbox)
        }
    }

    /// Replaces a known member's protocols and waiting JoinGroup (a superseded one is answered
    /// REBALANCE_IN_PROGRESS), and starts a rebalance unless one is in progress. O(members).
    func updateMember(_ member: _Member, protocols: [JoinGroupRequest.ProtocolEntry],
                      completion: @escaping @Sendable (JoinGroupResponse) -> Void,
                      now: Int64, outbox: inout _Outbox) {
        var member = member
        if let superseded = member.joinCompletion {
            outbox.add(superseded, JoinGroupResponse(errorCode: .rebalanceInProgress, memberId: member.id))
        }
        member.protocols = protocols
        member.joinCompletion = completion
        members[member.id] = member
        if state == .preparingRebalance {
            maybeCompleteJoin(now: now, outbox: &outbox)
        } else {
            prepareRebalance(now: now, initialDelay: 0, outbox: &outbox)
        }
    }

    /// Moves to PreparingRebalance: SyncGroups waiting (CompletingRebalance) are answered
    /// REBALANCE_IN_PROGRESS, and the join barrier is armed with the members' longest rebalance
    /// timeout (plus `initialDelay` when the group was empty). O(members).
    func prepareRebalance(now: Int64, initialDelay: Int64, outbox: inout _Outbox) {
        if state == .completingRebalance {
            for id in memberOrder {
                members[id]!.assignment = []
                if let waiting = members[id]!.syncCompletion {
                    outbox.add(waiting, SyncGroupResponse(errorCode: .rebalanceInProgress))
                    members[id]!.syncCompletion = nil
                    members[id]!.sessionDeadline = now &+ members[id]!.sessionTimeoutNanoseconds
                }
            }
        }
        let timeout = members.values.map(\.rebalanceTimeoutNanoseconds).max() ?? 0
        joinNotBefore = state == .empty ? now &+ initialDelay : now
        rebalanceDeadline = max(now &+ timeout, joinNotBefore)
        syncDeadline = .max
        state = .preparingRebalance
        maybeCompleteJoin(now: now, outbox: &outbox)
    }

    /// Completes the join barrier when every member has rejoined and no member ID handed out is
    /// still unused (after the initial delay), or when the rebalance timeout has passed. O(members).
    func maybeCompleteJoin(now: Int64, outbox: inout _Outbox) {
        guard state == .preparingRebalance else { return }
        let everyoneJoined = pendingMembers.isEmpty && members.values.allSatisfy { $0.joinCompletion != nil }
        if (everyoneJoined && now >= joinNotBefore) || now >= rebalanceDeadline {
            completeJoin(now: now, outbox: &outbox)
        }
    }

    /// Ends PreparingRebalance: drops the members that did not rejoin, starts the next
    /// generation and answers every waiting JoinGroup (the leader's with all members' metadata
    /// for the chosen protocol). With no member left the group becomes empty. O(members).
    func completeJoin(now: Int64, outbox: inout _Outbox) {
        let late = memberOrder.filter { members[$0]!.joinCompletion == nil }
        for id in late {
            // Nothing of theirs waits (SyncGroup is refused while preparing); answer defensively.
            if let waiting = members.removeValue(forKey: id)?.syncCompletion {
                outbox.add(waiting, SyncGroupResponse(errorCode: .unknownMemberId))
            }
        }
        if !late.isEmpty { memberOrder.removeAll { members[$0] == nil } }
        if let leader = leaderId, members[leader] == nil { leaderId = memberOrder.first }
        generationId = generationId == .max ? 1 : generationId + 1
        rebalanceDeadline = .max
        guard let leader = leaderId else {
            state = .empty
            protocolType = nil
            protocolName = nil
            return
        }
        let chosen = selectProtocol()
        protocolName = chosen
        state = .completingRebalance
        syncDeadline = now &+ (members.values.map(\.rebalanceTimeoutNanoseconds).max() ?? 0)
        let everyone = memberOrder.map { id in
            JoinGroupResponse.Member(memberId: id, groupInstanceId: members[id]!.groupInstanceId,
                                     metadata: members[id]!.metadata(for: chosen) ?? [])
        }
        for id in memberOrder {
            members[id]!.assignment = []
            members[id]!.sessionDeadline = now &+ members[id]!.sessionTimeoutNanoseconds
            let waiting = members[id]!.joinCompletion!
            members[id]!.joinCompletion = nil
            outbox.add(waiting, JoinGroupResponse(generationId: generationId, protocolName: chosen, leader: leader,
                                                  memberId: id, members: id == leader ? everyone : []))
        }
    }

    /// The current generation as a JoinGroup answer for `id` (a known member rejoining with
    /// unchanged protocols while no rebalance is needed). O(members) for the leader, else O(1).
    func currentJoinResponse(for id: String) -> JoinGroupResponse {
        let chosen = protocolName ?? ""
        let everyone = id == leaderId
            ? memberOrder.map { JoinGroupResponse.Member(memberId: $0, groupInstanceId: members[$0]!.groupInstanceId,
                                                         metadata: members[$0]!.metadata(for: chosen) ?? []) }
            : []
        return JoinGroupResponse(generationId: generationId, protocolName: chosen, leader: leaderId ?? "",
                                 memberId: id, members: everyone)
    }

    /// The leader's SyncGroup arrived: stores the assignments (members it names that are not in
    /// the group are ignored; members it leaves out get an empty one), moves to Stable and
    /// answers every waiting SyncGroup. O(members + assignments).
    func completeSync(assignments: [SyncGroupRequest.Assignment], now: Int64, outbox: inout _Outbox) {
        for entry in assignments where members[entry.memberId] != nil {
            members[entry.memberId]!.assignment = entry.assignment
        }
        state = .stable
        syncDeadline = .max
        for id in memberOrder {
            if let waiting = members[id]!.syncCompletion {
                members[id]!.syncCompletion = nil
                members[id]!.sessionDeadline = now &+ members[id]!.sessionTimeoutNanoseconds
                outbox.add(waiting, SyncGroupResponse(assignment: members[id]!.assignment))
            }
        }
    }

    /// Removes a member (LeaveGroup, session expiry): whatever of it waits is answered
    /// UNKNOWN_MEMBER_ID, and the others rebalance. O(members).
    func removeMember(_ id: String, now: Int64, outbox: inout _Outbox) {
        guard let member = members.removeValue(forKey: id) else { return }
        memberOrder.removeAll { $0 == id }
        if let waiting = member.joinCompletion {
            outbox.add(waiting, JoinGroupResponse(errorCode: .unknownMemberId, memberId: id))
        }
        if let waiting = member.syncCompletion {
            outbox.add(waiting, SyncGroupResponse(errorCode: .unknownMemberId))
        }
        if leaderId == id { leaderId = memberOrder.first }
        switch state {
        case .stable, .completingRebalance: prepareRebalance(now: now, initialDelay: 0, outbox: &outbox)
        case .preparingRebalance: maybeCompleteJoin(now: now, outbox: &outbox)
        case .empty: break
        }
    }

    /// Removes a member ID handed out with MEMBER_ID_REQUIRED and never used. O(members).
    func removePendingMember(_ id: String, now: Int64, outbox: inout _Outbox) {
        guard pendingMembers.removeValue(forKey: id) != nil else { return }
        maybeCompleteJoin(now: now, outbox: &outbox)
    }

    /// Removes the members whose session expired (none while its JoinGroup or SyncGroup waits),
    /// the unused member IDs past their deadline, and, when CompletingRebalance has lasted the
    /// rebalance timeout, the members that have not sent SyncGroup (a leader that never syncs
    /// would otherwise hold its followers' SyncGroups forever; Kafka does the same); completes a
    /// rebalance whose timeout passed. O(members).
    func expire(now: Int64, outbox: inout _Outbox) {
        for (id, deadline) in pendingMembers where deadline <= now { pendingMembers[id] = nil }
        if state == .completingRebalance && now >= syncDeadline {
            let unsynced = memberOrder.filter { members[$0]!.syncCompletion == nil }
            for id in unsynced { removeMember(id, now: now, outbox: &outbox) }
        }
        let expired = memberOrder.filter { !members[$0]!.isAwaiting && members[$0]!.sessionDeadline <= now }
        for id in expired {
            // An earlier removal may have reset this member's deadline (its SyncGroup was answered).
            if let member = members[id], !member.isAwaiting, member.sessionDeadline <= now {
                removeMember(id, now: now, outbox: &outbox)
            }
        }
        maybeCompleteJoin(now: now, outbox: &outbox)
    }

    /// Answers everything waiting with `error` (the coordinator is shutting down).
    func abandon(with error: KafkaErrorCode, outbox: inout _Outbox) {
        for id in memberOrder {
            if let waiting = members[id]!.joinCompletion {
                members[id]!.joinCompletion = nil
                outbox.add(waiting, JoinGroupResponse(errorCode: error, memberId: id))
            }
            if let waiting = members[id]!.syncCompletion {
                members[id]!.syncCompletion = nil
                outbox.add(waiting, SyncGroupResponse(errorCode: error))
            }
        }
    }
}
