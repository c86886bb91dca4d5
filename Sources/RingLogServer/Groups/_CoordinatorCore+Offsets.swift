import RingLogKafkaWire

extension _CoordinatorCore {
    /// OffsetCommit. `precheck[t][p]` is the error already found for topic `t`'s partition `p`
    /// outside the lock (metadata too large, the partition check), or `.none`. O(partitions).
    func commit(_ request: OffsetCommitRequest, precheck: [[KafkaErrorCode]], now: Int64) -> OffsetCommitResponse {
        let groupError = commitError(request)
        let group = groupError == .none ? groups[request.groupId] : nil
        if let session = group?.members[request.memberId]?.sessionTimeoutNanoseconds {
            group!.members[request.memberId]!.sessionDeadline = now &+ session  // a commit is a heartbeat
        }
        var response = OffsetCommitResponse()
        response.topics.reserveCapacity(request.topics.count)
        for (t, topic) in request.topics.enumerated() {
            var results = OffsetCommitResponse.Topic(name: topic.name)
            results.partitions.reserveCapacity(topic.partitions.count)
            for (p, partition) in topic.partitions.enumerated() {
                var error = precheck[t][p]
                if error == .none { error = groupError }
                if error == .none, let group { error = store(partition, topic: topic.name, in: group, now: now) }
                results.partitions.append(.init(partitionIndex: partition.partitionIndex, errorCode: error))
            }
            response.topics.append(results)
        }
        return response
    }

    /// The error of every partition of a commit, or `.none` (then the group exists). Kafka's
    /// rules: a member's commit needs its current generation (ILLEGAL_GENERATION), is refused in
    /// CompletingRebalance (REBALANCE_IN_PROGRESS) but accepted while preparing a rebalance (so a
    /// consumer can commit as its partitions are revoked); a simple commit (generation < 0, no
    /// member ID) is allowed to an empty or unknown group, which it creates.
    private func commitError(_ request: OffsetCommitRequest) -> KafkaErrorCode {
        if isShutDown { return .coordinatorNotAvailable }
        if request.groupId.utf8.count > configuration.maxGroupIdBytes { return .invalidGroupId }
        let isSimple = request.generationId < 0 && request.memberId.isEmpty
        guard let group = groups[request.groupId] else {
            guard isSimple else { return .illegalGeneration }
            return groupCreatingIfRoom(request.groupId) == nil ? .coordinatorNotAvailable : .none
        }
        if isSimple { return group.state == .empty ? .none : .unknownMemberId }
        guard group.members[request.memberId] != nil else { return .unknownMemberId }
        guard request.generationId == group.generationId else { return .illegalGeneration }
        if group.state == .completingRebalance { return .rebalanceInProgress }
        return .none
    }

    /// Stores one offset (a new partition beyond `maxOffsetsPerGroup` gets INVALID_REQUEST).
    private func store(_ partition: OffsetCommitRequest.Partition, topic: String, in group: _Group,
                       now: Int64) -> KafkaErrorCode {
        let isNew = group.offsets[topic]?[partition.partitionIndex] == nil
        if isNew && group.offsetCount >= configuration.maxOffsetsPerGroup { return .invalidRequest }
        group.offsets[topic, default: [:]][partition.partitionIndex] = CommittedOffset(
            offset: partition.committedOffset, leaderEpoch: partition.committedLeaderEpoch,
            metadata: partition.committedMetadata ?? "", commitTimeNanoseconds: now)
        if isNew { group.offsetCount += 1 }
        return .none
    }

    /// OffsetFetch: the committed offsets of the partitions asked for (-1, metadata "" for
    /// none, as Kafka answers, whatever the group's state), or with `topics` nil every offset
    /// the group has, topics and partitions in ascending order. O(partitions asked for), or
    /// O(n log n) in the group's offsets for all.
    func fetch(_ request: OffsetFetchRequest) -> OffsetFetchResponse {
        let error: KafkaErrorCode = isShutDown ? .coordinatorNotAvailable
            : request.groupId.utf8.count > configuration.maxGroupIdBytes ? .invalidGroupId : .none
        let group = error == .none ? groups[request.groupId] : nil
        var response = OffsetFetchResponse(errorCode: error)
        guard let asked = request.topics else {
            for (topic, partitions) in (group?.offsets ?? [:]).sorted(by: { $0.key < $1.key }) {
                response.topics.append(.init(name: topic, partitions: partitions.sorted { $0.key < $1.key }.map {
                    OffsetFetchResponse.Partition(partitionIndex: $0.key, committedOffset: $0.value.offset,
                          committedLeaderEpoch: $0.value.leaderEpoch, metadata: $0.value.metadata)
                }))
            }
            return response
        }
        response.topics.reserveCapacity(asked.count)
        for topic in asked {
            let committed = group?.offsets[topic.name]
            response.topics.append(.init(name: topic.name, partitions: topic.partitionIndexes.map { index -> OffsetFetchResponse.Partition in
                guard let offset = committed?[index] else {
                    return .init(partitionIndex: index, committedOffset: -1, metadata: "", errorCode: error)
                }
                return .init(partitionIndex: index, committedOffset: offset.offset,
                             committedLeaderEpoch: offset.leaderEpoch, metadata: offset.metadata)
            }))
        }
        return response
    }
}
