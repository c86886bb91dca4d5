import RingLogKafkaWire
import RingLogPlatform

/// Kafka's consumer-group coordinator (the classic protocol) for every group of one broker, as
/// a state machine without I/O: the server hands it decoded JoinGroup (v0-5), SyncGroup (v0-3),
/// Heartbeat (v0-3), LeaveGroup (v0-1), OffsetCommit (v0-7) and OffsetFetch (v0-5) requests and
/// encodes what it answers.
///
/// Groups go Empty → PreparingRebalance → CompletingRebalance → Stable (``GroupState``). A
/// JoinGroup is answered when every member has rejoined or the rebalance timeout has passed
/// (members that did not rejoin are removed); the leader's answer carries every member's
/// metadata, and its SyncGroup the assignments that answer the followers' SyncGroups. A member
/// whose session passes without a Heartbeat (or SyncGroup, OffsetCommit, JoinGroup) is removed
/// and the others rebalance, and so are members that send no SyncGroup within the rebalance
/// timeout of a generation's start. So every waiting JoinGroup or SyncGroup is answered within
/// about a rebalance timeout. Timeouts and limits: ``GroupCoordinatorConfiguration``.
///
/// **Time** is the caller's: every method that can start or end a timeout takes `now`, in
/// nanoseconds on a monotonic clock (`monotonicNanoseconds()`), and nothing expires except in
/// ``tick(now:)``, which the server calls periodically (every 100 ms is plenty: timeouts are
/// seconds). Tests pass whatever times they like.
///
/// **Delayed answers.** ``joinGroup(_:version:clientId:now:completion:)`` and
/// ``syncGroup(_:now:completion:)`` take a completion that is called exactly once: before the
/// method returns when the answer is known at once, or later from whichever thread makes it
/// known — another member's JoinGroup, SyncGroup, LeaveGroup, ``tick(now:)`` or ``shutDown()``.
/// Completions are always called after the coordinator's lock is released, in the order they
/// became due, so they may call back into the coordinator; an event-loop server should hop to
/// the connection's loop in them (and keep each connection's responses in request order).
///
/// Thread-safety: every method may be called from any thread; one `PThreadMutex` (visible to
/// ThreadSanitizer) guards all groups, held only for the state change itself.
public final class GroupCoordinator: @unchecked Sendable {
    /// Receives a JoinGroup's answer.
    public typealias JoinCompletion = @Sendable (JoinGroupResponse) -> Void
    /// Receives a SyncGroup's answer.
    public typealias SyncCompletion = @Sendable (SyncGroupResponse) -> Void

    private let lock = PThreadMutex()
    private let core: _CoordinatorCore
    private let partitionCheck: (@Sendable (String, Int32) -> KafkaErrorCode)?
    private let maxOffsetMetadataBytes: Int

    /// A coordinator with no groups.
    ///
    /// - Parameters:
    ///   - configuration: timeouts and limits.
    ///   - memberIdSuffix: makes the part of a new member ID after `clientId-`; nil (the
    ///     default) for a random UUID, as Kafka does. Tests may inject a counter.
    public init(configuration: GroupCoordinatorConfiguration = GroupCoordinatorConfiguration(),
                memberIdSuffix: (@Sendable () -> String)? = nil) {
        core = _CoordinatorCore(configuration: configuration, makeMemberIdSuffix: memberIdSuffix ?? { _randomUUIDString() })
        partitionCheck = configuration.partitionCheck
        maxOffsetMetadataBytes = configuration.maxOffsetMetadataBytes
    }

    /// Runs `body` under the lock, then the completions it collected.
    private func withCore<R>(_ body: (_CoordinatorCore, inout _Outbox) -> R) -> R {
        var outbox = _Outbox()
        let result = lock.withLock { body(core, &outbox) }
        outbox.run()
        return result
    }

    /// JoinGroup (v0-5). A request without a member ID gets a new one, `clientId-UUID`: with
    /// v4+ at once, in a MEMBER_ID_REQUIRED answer the client rejoins with; before v4 it joins
    /// directly. A known member rejoining starts a rebalance unless nothing changed (then it gets
    /// the current generation). The completion gets the new generation, the chosen protocol, the
    /// leader and, for the leader only, every member's metadata; or an error:
    /// INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT (outside the configured bounds),
    /// INCONSISTENT_GROUP_PROTOCOL (another protocol type, or no protocol every member supports),
    /// UNKNOWN_MEMBER_ID, GROUP_MAX_SIZE_REACHED, INVALID_REQUEST (too many protocols or too much
    /// metadata), REBALANCE_IN_PROGRESS (superseded by the same member's next JoinGroup),
    /// COORDINATOR_NOT_AVAILABLE (no room for another group, or shut down), NOT_COORDINATOR
    /// (shut down while waiting).
    ///
    /// - Parameters:
    ///   - request: the decoded JoinGroup request.
    ///   - version: the request's API version (MEMBER_ID_REQUIRED from v4; v0 has no rebalance timeout).
    ///   - clientId: the request header's client ID (a new member ID's prefix).
    ///   - now: the current time, nanoseconds (monotonic).
    ///   - completion: called exactly once with the answer, perhaps later on another thread.
    ///
    /// Complexity: O(members × protocols²) under the lock.
    public func joinGroup(_ request: JoinGroupRequest, version: Int16, clientId: String, now: Int64,
                          completion: @escaping JoinCompletion) {
        withCore { core, outbox in
            core.join(request, version: version, clientId: clientId, now: now, completion: completion, outbox: &outbox)
        }
    }

    /// SyncGroup (v0-3). In Stable, the member's assignment at once. In CompletingRebalance the
    /// leader's request stores the assignments (members it leaves out get an empty one) and
    /// answers everyone waiting; a follower's waits for it. Errors: UNKNOWN_MEMBER_ID,
    /// ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS (a rebalance started: rejoin), INVALID_GROUP_ID,
    /// INVALID_REQUEST (an assignment over `maxMemberMetadataBytes`), COORDINATOR_NOT_AVAILABLE,
    /// NOT_COORDINATOR.
    ///
    /// - Parameters:
    ///   - request: the decoded SyncGroup request.
    ///   - now: the current time, nanoseconds (monotonic).
    ///   - completion: called exactly once with the answer, perhaps later on another thread.
    ///
    /// Complexity: O(members + assignments) under the lock.
    public func syncGroup(_ request: SyncGroupRequest, now: Int64, completion: @escaping SyncCompletion) {
        withCore { core, outbox in core.sync(request, now: now, completion: completion, outbox: &outbox) }
    }

    /// Heartbeat (v0-3): keeps the member's session alive. NONE; REBALANCE_IN_PROGRESS while the
    /// group prepares a rebalance (the member should rejoin); UNKNOWN_MEMBER_ID;
    /// ILLEGAL_GENERATION; INVALID_GROUP_ID; COORDINATOR_NOT_AVAILABLE.
    ///
    /// Complexity: O(1) under the lock.
    public func heartbeat(_ request: HeartbeatRequest, now: Int64) -> HeartbeatResponse {
        HeartbeatResponse(errorCode: lock.withLock { core.heartbeat(request, now: now) })
    }

    /// LeaveGroup (v0-1): removes the member and rebalances the rest (which may answer other
    /// members' waiting JoinGroups, on this thread, before this returns). NONE;
    /// UNKNOWN_MEMBER_ID; INVALID_GROUP_ID; COORDINATOR_NOT_AVAILABLE.
    ///
    /// Complexity: O(members × protocols²) under the lock.
    public func leaveGroup(_ request: LeaveGroupRequest, now: Int64) -> LeaveGroupResponse {
        LeaveGroupResponse(errorCode: withCore { core, outbox in core.leave(request, now: now, outbox: &outbox) })
    }

    /// OffsetCommit (v0-7), one error per partition. A member commits with its current
    /// generation (else ILLEGAL_GENERATION; UNKNOWN_MEMBER_ID for a stranger;
    /// REBALANCE_IN_PROGRESS in CompletingRebalance; accepted while preparing a rebalance); a
    /// simple consumer (generation -1, no member ID: every v0 commit) commits to a group without
    /// members, creating it if need be (COORDINATOR_NOT_AVAILABLE when there is no room).
    /// Per partition: OFFSET_METADATA_TOO_LARGE, what the configuration's `partitionCheck`
    /// answers (called before the lock is taken), INVALID_REQUEST past `maxOffsetsPerGroup`.
    /// The offset is stored as sent (not checked against the log). Retention times are ignored:
    /// offsets live as long as the coordinator.
    ///
    /// Complexity: O(partitions) under the lock, plus the partition checks outside it.
    public func commitOffsets(_ request: OffsetCommitRequest, now: Int64) -> OffsetCommitResponse {
        let precheck = request.topics.map { topic in
            topic.partitions.map { partition -> KafkaErrorCode in
                if (partition.committedMetadata?.utf8.count ?? 0) > maxOffsetMetadataBytes { return .offsetMetadataTooLarge }
                return partitionCheck?(topic.name, partition.partitionIndex) ?? KafkaErrorCode.none
            }
        }
        return lock.withLock { core.commit(request, precheck: precheck, now: now) }
    }

    /// OffsetFetch (v0-5): the group's committed offset of each partition asked for, -1 (with
    /// metadata "") where it has none or the group is unknown; with `topics` nil (v2+) every
    /// offset the group has. The top-level error (v2+) and each partition's are NONE, or
    /// INVALID_GROUP_ID / COORDINATOR_NOT_AVAILABLE.
    ///
    /// Complexity: O(partitions asked for) under the lock; O(n log n) in the group's offsets for all.
    public func fetchOffsets(_ request: OffsetFetchRequest) -> OffsetFetchResponse {
        lock.withLock { core.fetch(request) }
    }

    /// Expires what is due at `now`: members whose session passed (their group rebalances),
    /// member IDs handed out with MEMBER_ID_REQUIRED and not used within the session timeout,
    /// rebalances whose timeout passed (the JoinGroups of the members that rejoined are
    /// answered; the others are removed), and CompletingRebalance phases that lasted the
    /// rebalance timeout (members that sent no SyncGroup, a silent leader included, are removed
    /// and the rest rebalance); then deletes the groups left empty without offsets.
    /// Call it periodically (every 100 ms, say) with a monotonic clock.
    ///
    /// Complexity: O(groups + members) under the lock.
    public func tick(now: Int64) {
        withCore { core, outbox in core.tick(now: now, outbox: &outbox) }
    }

    /// Answers every waiting JoinGroup and SyncGroup with NOT_COORDINATOR (the client looks for
    /// the coordinator again), and every request from now on with COORDINATOR_NOT_AVAILABLE.
    /// For a server that stops. Complexity: O(groups + members).
    public func shutDown() {
        withCore { core, outbox in core.shutDown(outbox: &outbox) }
    }

    /// The committed offset of `group` for (`topic`, `partition`), or nil. For the server, to
    /// compare with the log. Complexity: O(1).
    public func committedOffset(group: String, topic: String, partition: Int32) -> CommittedOffset? {
        lock.withLock { core.groups[group]?.offsets[topic]?[partition] }
    }

    /// A snapshot of `groupId`, or nil if the coordinator has no such group. Complexity: O(members).
    public func describeGroup(_ groupId: String) -> GroupSummary? {
        lock.withLock { core.groups[groupId]?.summary() }
    }

    /// The IDs of the groups the coordinator holds, sorted. Complexity: O(groups log groups).
    public var groupIds: [String] {
        lock.withLock { core.groups.keys.sorted() }
    }
}
