import RingLogKafkaWire

extension _CoordinatorCore {
    /// JoinGroup. The answer goes to `outbox` now (errors, MEMBER_ID_REQUIRED, the current
    /// generation, or the barrier completing) or later, when the barrier completes or times out.
    func join(_ request: JoinGroupRequest, version: Int16, clientId: String, now: Int64,
              completion: @escaping @Sendable (JoinGroupResponse) -> Void, outbox: inout _Outbox) {
        if let error = validate(request) {
            outbox.add(completion, JoinGroupResponse(errorCode: error, memberId: request.memberId))
            return
        }
        let group: _Group
        if let existing = groups[request.groupId] {
            group = existing
        } else if request.memberId.isEmpty {
            guard let created = groupCreatingIfRoom(request.groupId) else {
                outbox.add(completion, JoinGroupResponse(errorCode: .coordinatorNotAvailable))
                return
            }
            group = created
        } else {
            outbox.add(completion, JoinGroupResponse(errorCode: .unknownMemberId, memberId: request.memberId))
            return
        }
        if request.memberId.isEmpty || group.pendingMembers[request.memberId] != nil {
            joinAsNewMember(request, version: version, clientId: clientId, group: group, now: now,
                            completion: completion, outbox: &outbox)
        } else {
            joinAsKnownMember(request, version: version, group: group, now: now, completion: completion, outbox: &outbox)
        }
    }

    /// The error a JoinGroup gets before its group is looked at, or nil.
    private func validate(_ request: JoinGroupRequest) -> KafkaErrorCode? {
        if isShutDown { return .coordinatorNotAvailable }
        if !isValidGroupId(request.groupId) { return .invalidGroupId }
        if request.sessionTimeoutMs < configuration.minSessionTimeoutMs
            || request.sessionTimeoutMs > configuration.maxSessionTimeoutMs { return .invalidSessionTimeout }
        if request.protocols.count > configuration.maxProtocolsPerMember { return .invalidRequest }
        var metadataBytes = 0
        for entry in request.protocols { metadataBytes += entry.metadata.count + entry.name.utf8.count }
        if metadataBytes > configuration.maxMemberMetadataBytes { return .invalidRequest }
        return nil
    }

    /// A member built from its JoinGroup, its JoinGroup waiting.
    private func member(_ id: String, _ request: JoinGroupRequest, version: Int16, clientId: String, now: Int64,
                        completion: @escaping @Sendable (JoinGroupResponse) -> Void) -> _Member {
        let session = _nanoseconds(milliseconds: request.sessionTimeoutMs)
        return _Member(id: id, clientId: clientId, groupInstanceId: request.groupInstanceId, protocols: request.protocols,
                       sessionTimeoutNanoseconds: session,
                       rebalanceTimeoutNanoseconds: rebalanceTimeout(request, version: version),
                       sessionDeadline: now &+ session, joinCompletion: completion)
    }

    /// The rebalance timeout a JoinGroup asks for (its session timeout in v0 or when ≤ 0), at
    /// most `maxRebalanceTimeoutMs`.
    private func rebalanceTimeout(_ request: JoinGroupRequest, version: Int16) -> Int64 {
        let asked = version >= 1 && request.rebalanceTimeoutMs > 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs
        return _nanoseconds(milliseconds: min(asked, configuration.maxRebalanceTimeoutMs))
    }

    /// A JoinGroup without a member ID (or with one handed out by MEMBER_ID_REQUIRED).
    private func joinAsNewMember(_ request: JoinGroupRequest, version: Int16, clientId: String, group: _Group, now: Int64,
                                 completion: @escaping @Sendable (JoinGroupResponse) -> Void, outbox: inout _Outbox) {
        guard group.supportsProtocols(type: request.protocolType, protocols: request.protocols, excluding: nil) else {
            outbox.add(completion, JoinGroupResponse(errorCode: .inconsistentGroupProtocol, memberId: request.memberId))
            return
        }
        var id = request.memberId
        if id.isEmpty {
            guard group.memberCount < configuration.maxMembersPerGroup else {
                outbox.add(completion, JoinGroupResponse(errorCode: .groupMaxSizeReached))
                return
            }
            id = makeMemberId(clientId: clientId)
            if version >= 4 {
                // KIP-394: the client must come back with this ID (within its session timeout).
                group.pendingMembers[id] = now &+ _nanoseconds(milliseconds: request.sessionTimeoutMs)
                outbox.add(completion, JoinGroupResponse(errorCode: .memberIdRequired, memberId: id))
                return
            }
        } else {
            group.pendingMembers[id] = nil
        }
        group.protocolType = request.protocolType
        group.addMember(member(id, request, version: version, clientId: clientId, now: now, completion: completion),
                        now: now, initialDelay: _nanoseconds(milliseconds: configuration.initialRebalanceDelayMs),
                        outbox: &outbox)
    }

    /// A JoinGroup of a member already in the group.
    private func joinAsKnownMember(_ request: JoinGroupRequest, version: Int16, group: _Group, now: Int64,
                                   completion: @escaping @Sendable (JoinGroupResponse) -> Void, outbox: inout _Outbox) {
        let id = request.memberId
        guard var member = group.members[id] else {
            outbox.add(completion, JoinGroupResponse(errorCode: .unknownMemberId, memberId: id))
            return
        }
        guard group.supportsProtocols(type: request.protocolType, protocols: request.protocols, excluding: id) else {
            outbox.add(completion, JoinGroupResponse(errorCode: .inconsistentGroupProtocol, memberId: id))
            return
        }
        group.protocolType = request.protocolType
        member.groupInstanceId = request.groupInstanceId
        member.sessionTimeoutNanoseconds = _nanoseconds(milliseconds: request.sessionTimeoutMs)
        member.rebalanceTimeoutNanoseconds = rebalanceTimeout(request, version: version)
        member.sessionDeadline = now &+ member.sessionTimeoutNanoseconds
        let unchanged = member.protocols == request.protocols
        switch group.state {
        case .completingRebalance where unchanged, .stable where unchanged && id != group.leaderId:
            // A retried JoinGroup: the current generation, no rebalance.
            group.members[id] = member
            outbox.add(completion, group.currentJoinResponse(for: id))
        case .preparingRebalance, .completingRebalance, .stable:
            group.updateMember(member, protocols: request.protocols, completion: completion, now: now, outbox: &outbox)
        case .empty:
            outbox.add(completion, JoinGroupResponse(errorCode: .unknownMemberId, memberId: id))
        }
    }
}
